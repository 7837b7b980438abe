/**
 * `sgio target` as a process, as a user runs it: it serves a TCMU backstore,
 * sg3_utils reach its disk through a tcm_loop LUN, and SIGTERM stops it
 * with exit 0 and its counters; a backstore it created itself is gone
 * afterwards. (The library underneath is proven in
 * packages/target/src/tcmu-target.lab.test.ts.)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createTcmuBackstore, exportTcmuBackstore, requireLab, runPeer, tearDownTcmu, unexportTcmu } from '@sgio/lab';
import { afterAll, describe, expect, it } from 'vitest';
import { SGIO_BIN } from './test-support/run.js';

requireLab('The sgio target lab test');

/** `sgio target ARGS --json`: the child, its JSON lines as they come, and its exit. */
function startTarget(args: string[]): { lines: AsyncIterator<string>; exit: Promise<number | null>; stop: () => void; stderr: () => string } {
  const child = spawn(process.execPath, [SGIO_BIN, 'target', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { lines, exit, stop: () => child.kill('SIGTERM'), stderr: () => err };
}

async function nextJson(lines: AsyncIterator<string>, what: string, stderr: () => string): Promise<Record<string, unknown>> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`sgio target printed no ${what} line within 60 s; stderr: ${stderr()}`)), 60_000));
  const r = await Promise.race([lines.next(), timeout]);
  if (r.done) throw new Error(`sgio target ended before its ${what} line; stderr: ${stderr()}`);
  return JSON.parse(r.value) as Record<string, unknown>;
}

describe('sgio target (the process)', () => {
  const work = mkdtempSync(join(tmpdir(), 'sgio-target-'));
  afterAll(async () => {
    await unexportTcmu().catch(() => undefined);
    await tearDownTcmu().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  });

  it('serves a backstore (--uio) to sg_inq and sg_dd until SIGTERM, then exits 0 with its counters', { timeout: 180_000 }, async () => {
    const backstore = await createTcmuBackstore({ name: 'sgiocli', sizeMb: 16 });
    const t = startTarget(['--uio', backstore.uio, '--memory', '16M']);
    const serving = await nextJson(t.lines, 'serving', t.stderr);
    expect(serving).toMatchObject({ serving: { uio: backstore.uio, configfs: null, bytes: 16 << 20, blockSize: 512, blocks: 32768 } });
    const dev = await exportTcmuBackstore(backstore);
    const inq = await runPeer('sg_inq', [dev.path]);
    expect(inq.status, inq.out).toBe(0);
    expect(inq.out).toMatch(/Product identification: TS TCMU DISK/);
    const data = randomBytes(256 * 1024);
    const src = join(work, 'src.bin');
    const back = join(work, 'back.bin');
    writeFileSync(src, data);
    const w = await runPeer('sg_dd', [`if=${src}`, `of=${dev.path}`, 'bs=512', 'seek=100']);
    expect(w.status, w.out).toBe(0);
    const r = await runPeer('sg_dd', [`if=${dev.path}`, `of=${back}`, 'bs=512', 'skip=100', `count=${data.length / 512}`]);
    expect(r.status, r.out).toBe(0);
    expect(readFileSync(back).equals(data)).toBe(true);
    await unexportTcmu();
    t.stop();
    const stopped = await nextJson(t.lines, 'stopped', t.stderr);
    expect(await t.exit, t.stderr()).toBe(0);
    const stats = (stopped as { stopped: string; stats: { received: number; completed: number; malformed: number } }).stats;
    expect(stopped.stopped).toBe('SIGTERM');
    expect(stats.received).toBeGreaterThan(0);
    expect(stats.completed).toBe(stats.received);
    expect(stats.malformed).toBe(0);
    await tearDownTcmu();
  });

  it('creates its own backstore in configfs without --uio and removes it on SIGTERM', { timeout: 120_000 }, async () => {
    // the first test loaded target_core_user and mounted configfs: what the command needs as root
    const t = startTarget(['--memory', '8M', '--name', 'sgiocli2']);
    const serving = (await nextJson(t.lines, 'serving', t.stderr)) as { serving: { configfs: string; uio: string } };
    expect(serving.serving.configfs).toMatch(/\/core\/user_\d+\/sgiocli2$/);
    expect(existsSync(serving.serving.configfs)).toBe(true);
    expect(existsSync(serving.serving.uio)).toBe(true);
    t.stop();
    await nextJson(t.lines, 'stopped', t.stderr);
    expect(await t.exit, t.stderr()).toBe(0);
    expect(existsSync(serving.serving.configfs)).toBe(false);
  });
});
