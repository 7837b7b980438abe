/**
 * The NBD export under conditions a demo never meets, on the real sg
 * driver: TLS with certificates through `sgio nbd` (nbdinfo, nbdcopy and the
 * kernel's nbd client over TLS), TLS with pre-shared keys through the
 * library; the device deleted in the middle of an nbdcopy (the copy fails,
 * the server closes its connections and `sgio nbd` exits 35 with the
 * device's error); and a client that vanishes with a request in flight
 * (nothing stays stuck: the next client is served and the server stops at
 * once). Every client runs as a child process, asynchronously.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteDevice, mustRunPeer, reloadScsiDebug, requireLab, rescan, runPeer, setScsiDebugTiming } from '@sgio/lab';
import { Command, NbdServer, encodeRequest, readNbdTlsFiles } from './index.js';
import { rawSession } from './test-support/raw-client.js';
import { nbdClient, sgDdRead } from './test-support/lab-peers.js';
import { clientCertDir, makeTlsFixtures } from './test-support/tls-fixtures.js';

requireLab('The NBD robustness lab test');

const dir = mkdtempSync(join(tmpdir(), 'sgio-nbd-more-'));
const file = (name: string): string => join(dir, name);
const MiB = 1024 * 1024;
const SIZE = 16 * MiB;
const DISK = { dev_size_mb: SIZE / MiB, sector_size: 512, delay: 0 } as const;
const CLI = fileURLToPath(new URL('../../../apps/cli/dist/bin.cjs', import.meta.url));

/** `sgio nbd` as a child process; resolves once it prints its --json line. */
async function sgioNbd(args: readonly string[]): Promise<{ child: ChildProcess; info: { uri: string; port: number | null; tls: string | null }; exited: Promise<number | null>; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, 'nbd', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const until = Date.now() + 30_000;
  while (!out.includes('\n') && child.exitCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  expect(out, `sgio nbd ${args.join(' ')}: ${err}`).toContain('\n');
  return { child, info: JSON.parse(out.split('\n')[0]!) as { uri: string; port: number | null; tls: string | null }, exited, stderr: () => err };
}

let sg = '';
const head = randomBytes(2 * MiB);

beforeAll(async () => {
  makeTlsFixtures(dir);
  sg = (await reloadScsiDebug(DISK))[0]!.path;
  writeFileSync(file('head.bin'), head);
  await mustRunPeer('sg_dd', [`if=${file('head.bin')}`, `of=${sg}`, 'bs=512']);
}, 60_000);

afterAll(async () => {
  await setScsiDebugTiming('ndelay', 0);
  await reloadScsiDebug('default');
  rmSync(dir, { recursive: true, force: true });
});

describe('NBD with TLS on a real device', () => {
  it('sgio nbd --tls-cert on TCP: nbdinfo sees TLS, nbdcopy equals sg_dd, the kernel nbd client over TLS reads and writes; a plain client is refused', async () => {
    const server = await sgioNbd([sg, '--writable', '--tcp', '127.0.0.1:0', '--tls-cert', file('server-cert.pem'), '--tls-key', file('server-key.pem')]);
    const mnt = '/dev/nbd1';
    try {
      expect(server.info.tls).toBe('require');
      const port = server.info.port!;
      const certs = clientCertDir(dir, 'anon');
      const uri = `nbds://localhost:${port}/?tls-certificates=${certs}`;
      const info = JSON.parse(await mustRunPeer('nbdinfo', ['--json', uri])) as { TLS: boolean; exports: { 'export-size': number }[] };
      expect(info.TLS).toBe(true);
      expect(info.exports[0]!['export-size']).toBe(SIZE);
      await mustRunPeer('nbdcopy', [uri, file('copy.img')]);
      expect(readFileSync(file('copy.img')).equals(await sgDdRead(dir, sg, 0, SIZE / 512))).toBe(true);
      const plain = await runPeer('nbdinfo', [`nbd://127.0.0.1:${port}/`]);
      expect(plain.status).not.toBe(0);

      // the kernel's client: nbd-client does the TLS handshake and relays the kernel's requests through it
      if (!existsSync('/sys/module/nbd')) {
        const ko = (await mustRunPeer('find', [join(process.env.SGIO_LAB_MODULES!, 'kernel/drivers/block'), '-name', 'nbd.ko*', '-print', '-quit'])).trim();
        await mustRunPeer('insmod', [ko, 'nbds_max=2']);
      }
      await nbdClient(dir, ['localhost', String(port), mnt, '-N', '', '-t', '30', '-x', '-A', file('ca-cert.pem'), '-H', 'localhost']);
      try {
        const read = await mustRunPeer('sh', ['-c', `dd if=${mnt} bs=64k count=32 iflag=direct status=none | sha256sum`]);
        expect(read.split(' ')[0]).toBe((await mustRunPeer('sh', ['-c', `sha256sum < ${file('head.bin')}`])).split(' ')[0]);
        const data = randomBytes(256 * 1024);
        writeFileSync(file('through-kernel.bin'), data);
        await mustRunPeer('dd', [`if=${file('through-kernel.bin')}`, `of=${mnt}`, 'bs=64k', 'seek=64', 'oflag=direct,sync', 'status=none']);
        expect((await sgDdRead(dir, sg, 8192, 512)).equals(data)).toBe(true);
      } finally {
        await nbdClient(dir, ['-d', mnt]).catch(() => undefined);
      }
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited, server.stderr()).toBe(0);
    expect(server.stderr()).toMatch(/TLSv1\.3/);
  }, 120_000);

  it('pre-shared keys through the library: nbdcopy writes a file with identity alice, sg_dd reads it back; a wrong key is refused', async () => {
    const socket = file('psk.sock');
    const log: string[] = [];
    const server = await NbdServer.start(sg, { listen: { socket }, writable: true, tls: readNbdTlsFiles({ psk: file('keys.psk') }), log: (l) => log.push(l) });
    try {
      const data = randomBytes(MiB);
      writeFileSync(file('psk-src.img'), data);
      // a source smaller than the export: nbdcopy writes its bytes at the start
      await mustRunPeer('nbdcopy', [file('psk-src.img'), `nbds+unix://alice@/?socket=${socket}&tls-psk-file=${file('keys.psk')}`]);
      expect((await sgDdRead(dir, sg, 0, MiB / 512)).equals(data)).toBe(true);
      const wrong = await runPeer('nbdinfo', [`nbds+unix://alice@/?socket=${socket}&tls-psk-file=${file('wrong.psk')}`]);
      expect(wrong.status).not.toBe(0);
    } finally {
      await server.close();
    }
    // the wrong key's failed handshake is the one failure, logged with what to check
    expect(log.filter((l) => / failed: /.test(l))).toEqual([expect.stringMatching(/TLS handshake failed: .*check that the client's PSK identity and key are in the server's PSK file/)]);
  }, 60_000);
});

describe("the README's two lines, as written", () => {
  it('sgio nbd --writable --tcp 10809 & then nbd-client and mount; sgio nbd --socket & then nbdcopy', async () => {
    // a filesystem on the device first (made in a file, put there by sg_dd)
    const image = file('fs.img');
    writeFileSync(image, Buffer.alloc(SIZE));
    await mustRunPeer('mkfs.ext4', ['-q', '-F', image]);
    await mustRunPeer('sg_dd', [`if=${image}`, `of=${sg}`, 'bs=512']);
    const mnt = file('mnt');
    await mustRunPeer('mkdir', ['-p', mnt]);
    if (!existsSync('/sys/module/nbd')) {
      const ko = (await mustRunPeer('find', [join(process.env.SGIO_LAB_MODULES!, 'kernel/drivers/block'), '-name', 'nbd.ko*', '-print', '-quit'])).trim();
      await mustRunPeer('insmod', [ko, 'nbds_max=2']);
    }
    const tcp = await sgioNbd([sg, '--writable', '--tcp', '10809']);
    try {
      await nbdClient(dir, ['127.0.0.1', '10809', '/dev/nbd0', '-N', '']);
      await mustRunPeer('mount', ['/dev/nbd0', mnt]);
      await mustRunPeer('cp', [file('head.bin'), join(mnt, 'head.bin')]);
      await mustRunPeer('umount', [mnt]);
      await nbdClient(dir, ['-d', '/dev/nbd0']);
    } finally {
      await runPeer('umount', [mnt]);
      tcp.child.kill('SIGTERM');
    }
    expect(await tcp.exited, tcp.stderr()).toBe(0);

    const socket = file('sg1.sock');
    const unix = await sgioNbd([sg, '--socket', socket]);
    try {
      await mustRunPeer('nbdcopy', [`nbd+unix:///?socket=${socket}`, file('disk.img')]);
    } finally {
      unix.child.kill('SIGTERM');
    }
    expect(await unix.exited, unix.stderr()).toBe(0);
    // the copy is the device, and its filesystem is clean and holds the file
    expect(readFileSync(file('disk.img')).equals(await sgDdRead(dir, sg, 0, SIZE / 512))).toBe(true);
    await mustRunPeer('e2fsck', ['-f', '-n', file('disk.img')]);
    await mustRunPeer('debugfs', ['-R', `dump /head.bin ${file('head-back.bin')}`, file('disk.img')]);
    expect(readFileSync(file('head-back.bin')).equals(head)).toBe(true);
  }, 120_000);
});

describe('NBD when the device or the client goes away', () => {
  it('the device deleted mid-copy: nbdcopy fails, sgio nbd closes its connections and exits 35 with the device gone', async () => {
    await setScsiDebugTiming('ndelay', 20_000_000); // 20 ms a command: 256 requests of 64 KiB take seconds, the device goes after the first
    const socket = file('gone.sock');
    // -v: one line per request answered, so the test knows the copy has begun
    const server = await sgioNbd([sg, '--socket', socket, '-v']);
    const copy = spawn('nbdcopy', ['--request-size=65536', '--requests=4', server.info.uri, file('gone-copy.img')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let copyErr = '';
    copy.stderr.on('data', (c: Buffer) => (copyErr += c.toString()));
    const copied = new Promise<number | null>((resolve) => copy.on('exit', (code) => resolve(code)));
    try {
      // once the server has answered a READ of the copy (a sure sign it has begun; 20 ms a command keeps it from ending)
      const until = Date.now() + 20_000;
      while (!/READ offset=/.test(server.stderr()) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(server.stderr()).toMatch(/READ offset=/);
      deleteDevice(basename(sg));
      expect(await copied, 'nbdcopy must fail, not finish').not.toBe(0);
      expect(copyErr).toMatch(/Input\/output error|EIO|server/i);
      expect(await server.exited, server.stderr()).toBe(35);
      expect(server.stderr()).toMatch(/is gone/);
      expect(server.stderr()).toMatch(/can serve nothing more/);
      expect(existsSync(socket)).toBe(false);
    } finally {
      copy.kill('SIGKILL');
      server.child.kill('SIGKILL');
      await setScsiDebugTiming('ndelay', 0);
      sg = (await rescan(1))[0]!.path;
    }
  }, 90_000);

  it('a client that vanishes with a READ in flight leaves nothing stuck: the parts not yet at the device are dropped, its connection ends, the next client is served, close() is prompt', async () => {
    const socket = file('vanish.sock');
    const log: string[] = [];
    const server = await NbdServer.start(sg, { listen: { socket }, log: (l) => log.push(l) });
    const device = `/sys/class/scsi_generic/${basename(sg)}/device`;
    const busy = (): string => readFileSync(`${device}/device_busy`, 'utf8').trim();
    // commands the midlayer sent to the device (hex): sd has finished its probe (rescan waits for it), so they are ours
    const sent = (): number => Number(readFileSync(`${device}/iorequest_cnt`, 'utf8').trim());
    try {
      await setScsiDebugTiming('ndelay', 300_000_000); // 0.3 s a command: the READ is at the device when the client goes
      const before = sent();
      const session = await rawSession(socket);
      // the whole disk: 16 parts of one lane's 1 MiB; 8 lanes take the first 8, the other 8 wait for a lane
      session.socket.write(encodeRequest({ flags: 0, type: Command.READ, cookie: 1n, offset: 0n, length: SIZE }));
      await new Promise((r) => setTimeout(r, 100));
      session.socket.destroy();
      const until = Date.now() + 10_000;
      while (server.connections > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(server.connections, 'the vanished client\'s connection must end').toBe(0);
      // the parts already at the device end there (scsi_debug refuses a new ndelay while any is queued)
      const idleBy = Date.now() + 20_000;
      while (busy() !== '0' && Date.now() < idleBy) await new Promise((r) => setTimeout(r, 20));
      expect(busy(), 'the vanished client\'s READ must end at the device').toBe('0');
      const reads = sent() - before;
      expect(reads, 'parts waiting for a lane when the client went must not be sent (16 would be the whole READ for nobody)').toBeLessThanOrEqual(8);
      expect(reads).toBeGreaterThan(0);
      expect(log.join('\n')).toMatch(/abandoned: its client went away/);
      await setScsiDebugTiming('ndelay', 0);
      const info = JSON.parse(await mustRunPeer('nbdinfo', ['--json', `nbd+unix:///?socket=${socket}`])) as { exports: { 'export-size': number }[] };
      expect(info.exports[0]!['export-size']).toBe(SIZE);
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(3000);
      expect(busy()).toBe('0');
    } finally {
      await setScsiDebugTiming('ndelay', 0);
      await server.close();
    }
  }, 60_000);
});
