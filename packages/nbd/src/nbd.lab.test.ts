/**
 * The NBD export against the clients people use, on the real sg driver:
 * nbdinfo (compared with nbdkit serving the same bytes), nbdcopy both ways
 * checked with sg_dd, qemu-img compare, qemu-io writes with FUA and flush,
 * TRIM deallocating on a thin scsi_debug disk (GET LBA STATUS, nbdinfo
 * --map, and an nbdcopy whose READs skip the hole), the kernel's nbd client with ext4 on it, a read-only
 * export refusing a write with EPERM, and `sgio nbd` stopping on SIGTERM.
 * The server runs in this process; every client is a child process run
 * asynchronously (a synchronous spawn would stop the server).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearFaults, mustRunPeer, reloadScsiDebug, requireLab, runPeer, ScsiDebugOpts, setScsiDebugParam } from '@sgio/lab';
import { Command, NbdErrno, NbdServer } from './index.js';
import { rawRequest } from './test-support/raw-client.js';
import { nbdClient, sgDdRead } from './test-support/lab-peers.js';

requireLab('The NBD lab test');

const dir = mkdtempSync(join(tmpdir(), 'sgio-nbd-'));
const file = (name: string): string => join(dir, name);
const MiB = 1024 * 1024;
/** A small thin disk keeps the copies short on the guest's one CPU. */
const SIZE = 16 * MiB;
const THIN = { dev_size_mb: SIZE / MiB, sector_size: 512, delay: 0, lbpu: 1, lbpws: 1, lbpws10: 1, lbprz: 1 } as const;
const CLI = fileURLToPath(new URL('../../../apps/cli/dist/bin.cjs', import.meta.url));

const unixUri = (socket: string): string => `nbd+unix:///?socket=${socket}`;

/** nbdinfo --json's export entry. */
async function nbdinfo(uri: string): Promise<Record<string, unknown>> {
  const doc = JSON.parse(await mustRunPeer('nbdinfo', ['--json', uri])) as { exports: Record<string, unknown>[] };
  return doc.exports[0]!;
}

/** GET LBA STATUS of one LBA as sg_get_lba_status -bb prints it: 0 mapped, 1 deallocated, 2 anchored. */
async function provisioningAt(sg: string, lba: number): Promise<number> {
  const text = (await mustRunPeer('sg_get_lba_status', ['--lba', String(lba), '-bb', sg])).trim();
  if (!/^\d+$/.test(text)) throw new Error(`sg_get_lba_status -bb printed '${text}'`);
  return Number(text);
}

const log: string[] = [];
/** Every request the writable export answered (type, offset, length, ...), for counting READs. */
const rwTrace: string[] = [];

afterAll(async () => {
  await reloadScsiDebug('default');
  rmSync(dir, { recursive: true, force: true });
});

describe('NBD export of a thin scsi_debug disk', () => {
  let sg = '';
  let ro: NbdServer;
  let rw: NbdServer;
  const roSock = file('ro.sock');
  const rwSock = file('rw.sock');
  const head = randomBytes(MiB);
  const img = file('device.img');

  beforeAll(async () => {
    sg = (await reloadScsiDebug(THIN))[0]!.path;
    writeFileSync(file('head.bin'), head);
    await mustRunPeer('sg_dd', [`if=${file('head.bin')}`, `of=${sg}`, 'bs=512']);
    // the device's bytes, read once by sg_dd, for nbdkit and the comparisons
    await mustRunPeer('sg_dd', [`if=${sg}`, `of=${img}`, 'bs=512']);
    ro = await NbdServer.start(sg, { listen: { socket: roSock }, log: (l) => log.push(l) });
    rw = await NbdServer.start(sg, { listen: { socket: rwSock }, writable: true, name: 'disk', log: (l) => log.push(l), trace: (l) => rwTrace.push(l) });
  });

  afterAll(async () => {
    await ro?.close();
    await rw?.close();
  });

  it('nbdinfo reports the size, block sizes and flags; they agree with nbdkit serving the same bytes', async () => {
    const ours = await nbdinfo(unixUri(roSock));
    expect(ours).toMatchObject({ 'export-size': SIZE, is_read_only: true, can_flush: true, can_fua: true, can_multi_conn: true, can_trim: false, can_zero: false, is_rotational: false, contexts: ['base:allocation'] });
    expect(ours['block_size_minimum']).toBe(512);
    expect(ours['block_size_preferred']).toBeGreaterThanOrEqual(4096);
    expect(Number(ours['block_size_maximum']) % 512).toBe(0);
    expect(String(ours['description'])).toMatch(/Linux\s+scsi_debug/);
    const rwInfo = await nbdinfo(`nbd+unix:///disk?socket=${rwSock}`);
    expect(rwInfo).toMatchObject({ 'export-name': 'disk', is_read_only: false, can_trim: true, can_zero: true });

    // nbdkit's file plugin over an image of the device's bytes
    const theirs = JSON.parse(await mustRunPeer('nbdkit', ['-U', '-', '--readonly', 'file', img, '--run', 'nbdinfo --json "$uri"'])) as { exports: Record<string, unknown>[] };
    const t = theirs.exports[0]!;
    for (const key of ['export-size', 'is_read_only', 'can_flush', 'can_multi_conn', 'can_df', 'is_rotational', 'contexts']) expect({ key, value: ours[key] }).toEqual({ key, value: t[key] });
  });

  it('nbdcopy of the whole export equals sg_dd of the device, and qemu-img compare agrees', async () => {
    const copy = file('copy.img');
    await mustRunPeer('nbdcopy', [unixUri(roSock), copy]);
    const direct = readFileSync(img);
    expect(direct.length).toBe(SIZE);
    expect(readFileSync(copy).equals(direct)).toBe(true);
    expect(direct.subarray(0, head.length).equals(head)).toBe(true);
    await mustRunPeer('qemu-img', ['compare', '-f', 'raw', '-F', 'raw', unixUri(roSock), copy]);
  });

  it('nbdinfo --map shows the written head as data and the rest as a hole (GET LBA STATUS)', async () => {
    const map = await mustRunPeer('nbdinfo', ['--map', unixUri(roSock)]);
    const rows = map.trim().split('\n').map((l) => l.trim().split(/\s+/));
    expect(rows[0]!.slice(0, 3)).toEqual(['0', String(MiB), '0']);
    expect(rows[1]!.slice(0, 3)).toEqual([String(MiB), String(SIZE - MiB), '3']);
  });

  it('the read-only export answers a write with EPERM and keeps the data', async () => {
    expect(await rawRequest(roSock, Command.WRITE, 0n, new Uint8Array(512).fill(0xee))).toBe(NbdErrno.EPERM);
    expect((await sgDdRead(dir, sg, 0, 1)).equals(head.subarray(0, 512))).toBe(true);
  });

  it('a medium error under one READ is EIO for that request only, and the server logs the LBA', async () => {
    // scsi_debug's medium error: READs that touch LBA 0x1234 fail with MEDIUM ERROR (information = 0x1234)
    setScsiDebugParam('opts', ScsiDebugOpts.medium);
    const mark = log.length;
    try {
      const bad = await rawRequest(roSock, Command.READ, BigInt(0x1230 * 512), new Uint8Array(0), 8 * 512);
      expect(bad).toBe(NbdErrno.EIO);
      expect(await rawRequest(roSock, Command.READ, 0n, new Uint8Array(0), 8 * 512)).toBe(0);
      expect(log.slice(mark).join('\n')).toMatch(/READ of 4096 bytes at \d+ failed: .*Medium Error.* at LBA 4660/);
    } finally {
      clearFaults();
      log.splice(mark); // the other tests check that nothing else failed
    }
    expect(await rawRequest(roSock, Command.READ, BigInt(0x1230 * 512), new Uint8Array(0), 8 * 512)).toBe(0);
  });

  it('nbdcopy of a file into the writable export: sg_dd reads it back; qemu-io FUA writes and flush land', async () => {
    const src = file('src.img');
    const data = randomBytes(4 * MiB);
    writeFileSync(src, data);
    await mustRunPeer('nbdcopy', ['--flush', src, `nbd+unix:///disk?socket=${rwSock}`]);
    expect((await sgDdRead(dir, sg, 0, data.length / 512)).equals(data)).toBe(true);
    await mustRunPeer('qemu-io', ['-f', 'raw', '-c', 'write -f -P 0xab 1M 64k', '-c', 'write -f -P 0xcd 5M 4k', '-c', 'flush', unixUri(rwSock)]);
    expect((await sgDdRead(dir, sg, 2048, 128)).equals(Buffer.alloc(64 * 1024, 0xab))).toBe(true);
    expect((await sgDdRead(dir, sg, 10240, 8)).equals(Buffer.alloc(4096, 0xcd))).toBe(true);
  });

  it('TRIM deallocates (GET LBA STATUS) and nbdinfo --map shows the hole; WRITE_ZEROES with NO_HOLE keeps blocks mapped', async () => {
    expect(await provisioningAt(sg, 4096)).toBe(0);
    await mustRunPeer('qemu-io', ['-f', 'raw', '-c', 'discard 2M 1M', unixUri(rwSock)]);
    expect(await provisioningAt(sg, 4096)).toBe(1);
    const map = await mustRunPeer('nbdinfo', ['--map', unixUri(rwSock)]);
    expect(map).toMatch(new RegExp(`^\\s*${2 * MiB}\\s+${MiB}\\s+3\\s`, 'm'));
    expect((await sgDdRead(dir, sg, 4096, 2048)).equals(Buffer.alloc(MiB))).toBe(true);
    // nbdcopy follows base:allocation: no READ touches the hole, and it reads less than the whole export
    rwTrace.length = 0;
    await mustRunPeer('nbdcopy', [`nbd+unix:///disk?socket=${rwSock}`, 'null:']);
    const reads = rwTrace.flatMap((l) => {
      const m = /^READ offset=(\d+) length=(\d+) /.exec(l);
      return m ? [{ offset: Number(m[1]), length: Number(m[2]) }] : [];
    });
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((r) => r.offset < 3 * MiB && r.offset + r.length > 2 * MiB)).toEqual([]);
    expect(reads.reduce((n, r) => n + r.length, 0)).toBeLessThan(SIZE);
    // qemu-io write -z without -u asks for zeros that stay allocated (NBD_CMD_FLAG_NO_HOLE); with -u they may be a hole
    expect(await provisioningAt(sg, 16384)).toBe(1);
    await mustRunPeer('qemu-io', ['-f', 'raw', '-c', 'write -z 8M 512k', '-c', 'write -P 0x11 9M 512k', '-c', 'write -z -u 9M 512k', unixUri(rwSock)]);
    expect(await provisioningAt(sg, 16384)).toBe(0);
    expect(await provisioningAt(sg, 18432)).toBe(1);
    expect((await sgDdRead(dir, sg, 16384, 3072)).equals(Buffer.alloc(1536 * 1024))).toBe(true);
  });

  it('the kernel nbd client: mkfs.ext4, mount, write, umount, e2fsck -f clean, reconnect finds the file', async () => {
    const modules = process.env.SGIO_LAB_MODULES!;
    if (!existsSync('/sys/module/nbd')) {
      const ko = (await mustRunPeer('find', [join(modules, 'kernel/drivers/block'), '-name', 'nbd.ko*', '-print', '-quit'])).trim();
      expect(ko).not.toBe('');
      await mustRunPeer('insmod', [ko, 'nbds_max=2']);
    }
    // requests that failed or took long, for the message when something goes wrong
    const slow: string[] = [];
    const trace = (l: string): void => {
      if (!/errno=0 /.test(l) || Number(/ ([\d.]+)ms$/.exec(l)?.[1] ?? 0) > 2000) slow.push(l);
    };
    const tcp = await NbdServer.start(sg, { listen: { port: 0 }, writable: true, log: (l) => log.push(l), trace });
    const port = 'port' in tcp.address ? tcp.address.port : 0;
    const mnt = file('mnt');
    mkdirSync(mnt);
    try {
      await nbdClient(dir, ['127.0.0.1', String(port), '/dev/nbd0', '-N', '', '-t', '30']);
      await mustRunPeer('mkfs.ext4', ['-q', '-F', '/dev/nbd0']);
      await mustRunPeer('mount', ['/dev/nbd0', mnt]);
      // file IO on the mount runs in child processes: a synchronous call here would block this process, which is the server
      const payload = file('hello.bin');
      writeFileSync(payload, randomBytes(512 * 1024));
      await mustRunPeer('cp', [payload, join(mnt, 'hello.bin')]);
      await mustRunPeer('umount', [mnt]);
      await mustRunPeer('e2fsck', ['-f', '-n', '/dev/nbd0']);
      await nbdClient(dir, ['-d', '/dev/nbd0']);
      await nbdClient(dir, ['127.0.0.1', String(port), '/dev/nbd0', '-N', '', '-t', '30']);
      await mustRunPeer('mount', ['-o', 'ro', '/dev/nbd0', mnt]);
      await mustRunPeer('cmp', [payload, join(mnt, 'hello.bin')]);
      await mustRunPeer('umount', [mnt]);
    } catch (e) {
      const dmesg = (await runPeer('dmesg', [])).stdout.split('\n').slice(-25).join('\n');
      throw new Error(`${e instanceof Error ? e.message : String(e)}\nserver: ${log.join('\n')}\nrequests: ${slow.join('\n')}\ndmesg:\n${dmesg}`, { cause: e });
    } finally {
      await runPeer('umount', [mnt]);
      await nbdClient(dir, ['-d', '/dev/nbd0']).catch(() => undefined);
      await tcp.close();
    }
  }, 90_000);
});

describe('NBD export of a fully provisioned disk, through sgio nbd', () => {
  it('one allocated extent; SIGTERM stops the server cleanly and removes the socket', async () => {
    const sg = (await reloadScsiDebug({ ...THIN, lbpu: 0, lbpws: 0, lbpws10: 0, lbprz: 0 }))[0]!.path;
    const sock = file('cli.sock');
    const child = spawn(process.execPath, [CLI, 'nbd', sg, '--socket', sock], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = Date.now() + 20_000;
    while (!stderr.includes('serving') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toContain(`at nbd+unix:///?socket=${sock}`);
    const map = await mustRunPeer('nbdinfo', ['--map', unixUri(sock)]);
    expect(map.trim().split('\n')).toHaveLength(1);
    expect(map.trim().split(/\s+/).slice(0, 3)).toEqual(['0', String(SIZE), '0']);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(sock)).toBe(false);
    expect(log.filter((l) => / failed: /.test(l))).toEqual([]);
  });
});
