/**
 * The lab on the host: real boots of the UML kernel. These need the lab's
 * system packages (`sgio-lab --install`); they fail, not skip, without them.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runInLab } from './boot.js';
import { profiles } from './profiles.js';
import { labNetFor } from './net.js';
import { allowedCpus, ownAllowedCpus } from './cpu-pin.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function collect(): { text: () => string; sink: (c: Buffer) => void } {
  const chunks: Buffer[] = [];
  return { text: () => Buffer.concat(chunks).toString(), sink: (c) => chunks.push(c) };
}

function guestProcesses(umid: string): string {
  try {
    return execFileSync('pgrep', ['-af', `umid=${umid}`], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

describe('runInLab', () => {
  it('streams output, passes cwd and environment, and returns the exit status', async () => {
    const out = collect();
    const err = collect();
    const r = await runInLab({
      command: ['bash', '-c', 'echo "cwd=$PWD var=$SGIO_PROBE"; ls /dev/sg*; echo oops >&2; exit 7'],
      scsiDebug: profiles.multi.scsiDebug,
      env: { ...process.env, SGIO_PROBE: 'it works' },
      cwd: tmpdir(),
      stdout: out.sink,
      stderr: err.sink,
      log: () => {},
    });
    expect(r.status).toBe(7);
    expect(r.reason).toBe('exited');
    expect(out.text()).toContain(`cwd=${tmpdir()} var=it works`);
    expect(out.text()).toContain('/dev/sg3');
    expect(err.text()).toBe('oops\n');
  }, 60_000);

  it('kills a hanging command at the timeout and leaves no guest or temp folder behind', async () => {
    // a private TMPDIR: other labs running on the machine at the same time have their own folders in /tmp
    const privateTmp = mkdtempSync(join(tmpdir(), 'sgio-boot-test-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      const umid = `sgio-lab-test-${process.pid}`;
      const started = Date.now();
      const r = await runInLab({ command: ['sleep', '300'], scsiDebug: profiles.default.scsiDebug, timeoutMs: 4000, umid, log: () => {} });
      expect(r.status).toBe(124);
      expect(r.reason).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(guestProcesses(umid)).toBe('');
      expect(readdirSync(privateTmp)).toEqual([]);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      rmSync(privateTmp, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs every host process of the guest on one CPU (auto), and on all of them with cpu: all', async () => {
    const allowed = ownAllowedCpus();
    // on a one-CPU machine there is nothing to choose: the guest runs where the lab does
    const expectPinned = allowed.length > 1;
    for (const cpu of ['auto', 'all'] as const) {
      const umid = `sgio-lab-cpu-${cpu}-${process.pid}`;
      const run = runInLab({ command: ['sleep', '4'], scsiDebug: profiles.default.scsiDebug, umid, cpu, log: () => {} });
      let pids: number[] = [];
      for (let i = 0; i < 100 && pids.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        pids = guestProcesses(umid)
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => Number(l.split(' ')[0]));
      }
      expect(pids.length).toBeGreaterThan(0);
      const sets = pids.map((pid) => allowedCpus(readFileSync(`/proc/${pid}/status`, 'utf8')).join(','));
      if (cpu === 'auto' && expectPinned) for (const set of sets) expect(set).toMatch(/^\d+$/);
      else for (const set of sets) expect(set).toBe(allowed.join(','));
      expect((await run).status).toBe(0);
    }
  }, 60_000);

  it('refuses --cpu values it cannot use before booting anything', () => {
    for (const [value, message] of [
      ['9999', /--cpu 9999 is not a CPU this process may run on/],
      ['fast', /--cpu expects a CPU number, auto or all, got 'fast'/],
    ] as const) {
      const r = spawnSync(process.execPath, [cli, '--cpu', value, '--', 'true'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('powers the guest off when sgio-lab itself is interrupted', async () => {
    expect(existsSync(cli)).toBe(true);
    const umid = `sgio-lab-sigint-${process.pid}`;
    const child = spawn(process.execPath, [cli, '--', 'sleep', '300'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SGIO_LAB_UMID: umid } });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise((r) => setTimeout(r, 3000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(130);
    expect(err).toContain('SIGINT');
    // other labs may run on this machine at the same time: look for this guest only
    expect(guestProcesses(umid)).toBe('');
  }, 60_000);

  it('reports the scsi_debug failure when a parameter is invalid', async () => {
    const r = await runInLab({ command: ['true'], scsiDebug: { ...profiles.default.scsiDebug, sector_size: 1000 }, log: () => {} });
    expect(r.status).toBe(125);
    expect(r.reason).toBe('boot-failed');
    expect(r.bootLog).toMatch(/insmod scsi_debug .* failed/);
  }, 60_000);
  it('--browser: the guest reaches a Chromium on the host over its link; the tap and the browser are gone afterwards', async () => {
    const out = collect();
    const probe = "const u = new URL(process.env.SGIO_LAB_BROWSER); fetch('http://' + u.host + '/json/version').then((r) => r.json()).then((j) => console.log(j.Browser, process.env.SGIO_LAB_GUEST_ADDRESS))";
    const r = await runInLab({ command: ['node', '-e', probe], scsiDebug: profiles.default.scsiDebug, browser: true, stdout: out.sink, stderr: out.sink, log: () => {} });
    expect(r.status, out.text()).toBe(0);
    const net = labNetFor(process.pid);
    expect(out.text()).toMatch(new RegExp(`Chrome/\\d+\\S* ${net.guestAddress.replaceAll('.', '\\.')}`));
    expect(execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })).not.toContain(net.tap);
    let browsers = '';
    try {
      browsers = execFileSync('pgrep', ['-f', 'sgio-lab-.*chromium-profile'], { encoding: 'utf8' });
    } catch {
      browsers = '';
    }
    expect(browsers).toBe('');
  }, 60_000);
  it('--profile tcmu: serves sgio\'s TypeScript disk from boot as the last sg device; what sg_dd writes reads back', async () => {
    // the repository's sgio bin serves it (built before the unit tests run)
    const repo = fileURLToPath(new URL('../../..', import.meta.url));
    const script = [
      'set -e',
      "node -e \"process.stdout.write(require('./tooling/lab/dist/index.js').tcmuBootDevice().path)\" > /dev/shm/dev",
      'dev=$(cat /dev/shm/dev)',
      'echo "dev=$dev env=$SGIO_LAB_TCMU"',
      'sg_inq "$dev" | grep -o "TS TCMU DISK"',
      'head -c 65536 /dev/urandom > /dev/shm/in',
      'sg_dd if=/dev/shm/in of="$dev" bs=512 count=128 seek=1000 2>/dev/null',
      'sg_dd if="$dev" of=/dev/shm/out bs=512 count=128 skip=1000 2>/dev/null',
      'cmp /dev/shm/in /dev/shm/out && echo same',
    ].join('\n');
    const out = collect();
    const r = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [cli, '--profile', 'tcmu', '--timeout', '120', '--', 'bash', '-c', script], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', out.sink);
      child.stderr.on('data', out.sink);
      child.on('exit', resolve);
    });
    expect(out.text()).toContain('dev=/dev/sg1 env=name=sgiolab size_mb=64 block_size=512 thin=0');
    expect(out.text()).toContain('TS TCMU DISK');
    expect(out.text()).toContain('same');
    expect(r).toBe(0);
  }, 150_000);
});
