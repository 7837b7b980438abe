/**
 * Issue 13 §4, sgiod's limits on the real sg driver: a slow PUT body that
 * outlives --request-timeout still completes within --body-timeout; one that
 * stalls gets an answer naming the blocks written, and sg_dd finds exactly
 * those blocks on the device; a slow reader makes the device reads wait
 * (back-pressure); the binary answer of /commands (the connection cap and
 * the headers timeout, which need no device, are in
 * http/connection-limits.test.ts) and the peak memory one /commands answer
 * costs the server; CDB lengths the kernel refuses are a 400; the
 * kernel's opcode filter (EPERM, sgiod without CAP_SYS_RAWIO on a read-only
 * fd) is a 403 that says what to do.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BsgDevice, bsgPathFor } from '@sgio/core';
import { reloadScsiDebug, requireLab } from '@sgio/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackUp, metricValue, peakGrowthOf, sgDdRead, startSgiod, type SgiodChild } from './test-support/lab-server.js';

requireLab('The sgiod limits lab test');

const DEV = '/dev/sg0';
const READ = 'lab-limits-read-0123456789abcdef';
const WRITE = 'lab-limits-write-0123456789abcdef';
const ADMIN = 'lab-limits-admin-0123456789abcdef';
const RAW = 'lab-limits-raw-0123456789abcdef';
const IO_SIZE = 128 * 1024;
const BODY_TIMEOUT = 6000;

let dir: string;
let server: SgiodChild;

const h = (token: string, extra: Record<string, string> = {}): Record<string, string> => ({ authorization: `Bearer ${token}`, ...extra });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Writes `data` at `lba` of the device with sg_dd (the C reference). */
function sgDdWrite(lba: number, data: Buffer): void {
  const file = join(dir, `pattern-${lba}`);
  writeFileSync(file, data);
  execFileSync('sg_dd', [`if=${file}`, `of=${DEV}`, 'bs=512', `seek=${lba}`, `count=${data.length / 512}`], { stdio: 'ignore' });
}

/** A PUT whose body is sent in `chunks`, `gapMs` apart; with `stall`, the body never ends. The answer's status and JSON. */
function slowPut(base: string, lba: number, declared: number, chunks: Buffer[], gapMs: number, stall: boolean): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/v1/devices/sg0/blocks?lba=${lba}`, {
      agent: false, // a connection of its own: a pooled one may be closed by the server's keep-alive timeout
      method: 'PUT',
      headers: h(WRITE, { 'content-type': 'application/octet-stream', 'content-length': String(declared) }),
    });
    let answered = false;
    req.on('response', (res: IncomingMessage) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>, ms: performance.now() - started });
        req.destroy();
      });
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    void (async () => {
      for (const chunk of chunks) {
        if (answered) return;
        req.write(chunk);
        await sleep(gapMs);
      }
      if (!stall) req.end();
    })();
  });
}

beforeAll(async () => {
  loopbackUp();
  await reloadScsiDebug('default');
  dir = mkdtempSync(join(tmpdir(), 'sgiod-limits-'));
  writeFileSync(join(dir, 'tokens'), `${READ} read reader\n${WRITE} read,write writer\n${ADMIN} read,write,raw,admin admin\n${RAW} read,raw raw\n`, { mode: 0o600 });
  server = await startSgiod(7411, [
    '--allow', DEV, '--allow-write', '--allow-raw', '--allow-destructive', '--tokens-file', join(dir, 'tokens'),
    '--request-timeout', '1500', '--body-timeout', String(BODY_TIMEOUT), '--io-size', '128k', '--max-transfer', '64M', '--command-max-transfer', '8M', '--log-level', 'warn',
  ]);
}, 180_000);

afterAll(async () => {
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('block writes against the body timeout', () => {
  it('a body that takes longer than --request-timeout but less than --body-timeout is written whole', async () => {
    const data = randomBytes(64 * 1024);
    const chunks = Array.from({ length: 16 }, (_, i) => data.subarray(i * 4096, (i + 1) * 4096));
    const r = await slowPut(server.url, 1000, data.length, chunks, 250, false);
    expect(r.ms).toBeGreaterThan(3500); // well past the 1500 ms request timeout
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ device: 'sg0', lba: '1000', blocks: 128, bytes: data.length });
    expect(sgDdRead(DEV, 1000, 128).equals(data)).toBe(true);
  }, 30_000);

  it('a body that stalls past --body-timeout is answered with the blocks written, and the device holds exactly those', async () => {
    const LBA = 4096;
    const BLOCKS = 2048; // 1 MiB declared
    const before = randomBytes(BLOCKS * 512);
    sgDdWrite(LBA, before);
    const data = randomBytes(BLOCKS * 512);
    // 300 KiB arrive, then nothing: two full 128 KiB transfers can be written, the staged rest cannot
    const sent = 300 * 1024;
    const r = await slowPut(server.url, LBA, data.length, [data.subarray(0, sent)], 0, true).catch((e: Error) => {
      throw new Error(`${e.message}; sgiod said: ${server.output.join('').slice(-3000)}`);
    });
    expect(r.status, JSON.stringify(r.body)).toBe(408);
    expect(r.ms).toBeGreaterThanOrEqual(BODY_TIMEOUT - 200);
    const written = (2 * IO_SIZE) / 512;
    expect(r.body).toMatchObject({ type: 'https://sgio.dev/problems/body-timeout', lba: String(LBA), blocksWritten: written, bytesWritten: written * 512 });
    expect(r.body.detail).toMatch(new RegExp(`blocks ${LBA}\\.\\.${LBA + written - 1} were written`));
    const after = sgDdRead(DEV, LBA, BLOCKS);
    expect(after.subarray(0, written * 512).equals(data.subarray(0, written * 512)), 'the blocks reported written').toBe(true);
    expect(after.subarray(written * 512).equals(before.subarray(written * 512)), 'the blocks after them are unchanged').toBe(true);
    // the server goes on serving
    expect((await fetch(`${server.url}/v1/devices/sg0/blocks?lba=${LBA}&count=1`, { headers: h(READ) })).status).toBe(200);
  }, 30_000);
});

describe('a slow reader', () => {
  it('makes the device reads wait for it (back-pressure), then gets every byte', async () => {
    const COUNT = 131072; // the whole 64 MiB disk
    const bytesRead = async (): Promise<number> =>
      metricValue(await (await fetch(`${server.url}/metrics`, { headers: h(READ) })).text(), 'sgiod_scsi_bytes_total', { device: 'sg0', direction: 'read' });
    const start = await bytesRead();
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      httpRequest(`${server.url}/v1/devices/sg0/blocks?lba=0&count=${COUNT}`, { headers: h(READ), agent: false }, resolve).on('error', reject).end();
    });
    res.pause();
    await sleep(2000);
    const whilePaused = (await bytesRead()) - start;
    let received = 0;
    res.on('data', (d: Buffer) => (received += d.length));
    // a 'data' listener does not restart a stream paused by pause()
    res.resume();
    await new Promise((r) => res.on('end', r));
    const total = (await bytesRead()) - start;
    console.log(`[slow reader] device bytes read while the client paused: ${whilePaused} of ${COUNT * 512}`);
    expect(received).toBe(COUNT * 512);
    expect(total).toBe(COUNT * 512);
    // what may sit in buffers while the client reads nothing: the kernel's loopback socket buffers (their
    // autotuning maxima, both directions) plus a little in sgiod's stream; the rest must wait for the reader
    const tcpMax = (name: string): number => Number(readFileSync(`/proc/sys/net/ipv4/${name}`, 'utf8').trim().split(/\s+/)[2]);
    const bound = tcpMax('tcp_rmem') + tcpMax('tcp_wmem') + 2 * 1024 * 1024;
    expect(bound).toBeLessThan((COUNT * 512) / 2);
    expect(whilePaused).toBeLessThanOrEqual(bound);
  }, 60_000);
});

describe('POST /commands', () => {
  const post = (body: unknown, token = ADMIN, extra: Record<string, string> = {}) =>
    fetch(`${server.url}/v1/devices/sg0/commands`, { method: 'POST', headers: h(token, { 'content-type': 'application/json', ...extra }), body: JSON.stringify(body) });

  it('answers with the data-in bytes for Accept: application/octet-stream', async () => {
    const data = randomBytes(8 * 512);
    sgDdWrite(200, data);
    const r = await post({ command: 'read10', fields: { lba: 200, transferLength: 8 } }, ADMIN, { accept: 'application/octet-stream' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(r.headers.get('x-scsi-status')).toBe('0');
    expect(r.headers.get('x-scsi-cdb')).toBe('2800000000c800000800');
    expect(Buffer.from(await r.arrayBuffer()).equals(data)).toBe(true);
  });

  it('holds about one copy of 8 MiB of data-in, for a binary and for a (streamed) hex JSON answer (sgiod peak RSS per request)', async () => {
    // 8 MiB: the largest single command this kernel's sg takes here (16 MiB is EINVAL at submission, as for sg_dd bpt=32768)
    const MiB = 1024 * 1024;
    const size = 8 * MiB;
    const body = { command: 'read16', fields: { lba: 0, transferLength: size / 512 } };
    const pid = server.child.pid!;
    await (await post({ command: 'read16', fields: { lba: 0, transferLength: 8 } })).arrayBuffer(); // warm: the route, the lane, the encoder
    let binary = Buffer.alloc(0);
    const binaryPeak = await peakGrowthOf(pid, async () => {
      const r = await post(body, ADMIN, { accept: 'application/octet-stream' });
      expect(r.status, await r.clone().text().then((t) => t.slice(0, 300))).toBe(200);
      binary = Buffer.from(await r.arrayBuffer());
    });
    let json: { data: string; dataLength: number } | undefined;
    const jsonPeak = await peakGrowthOf(pid, async () => {
      const r = await post(body);
      expect(r.status).toBe(200);
      json = (await r.json()) as { data: string; dataLength: number };
    });
    console.log(`sgiod peak RSS growth for 8 MiB of data-in: binary ${(binaryPeak / MiB).toFixed(1)} MiB, JSON ${(jsonPeak / MiB).toFixed(1)} MiB`);
    expect(binary.length).toBe(size);
    expect(json!.dataLength).toBe(size);
    expect(Buffer.from(json!.data, 'hex').equals(binary)).toBe(true);
    // the binary answer: the data once, plus socket buffers; no hex text, no array of numbers
    expect(binaryPeak).toBeLessThan(2.5 * size);
    // JSON: the hex text is made as the client reads it (whole, the answer cost 85.6 MB for these 8 MiB: 10x)
    expect(jsonPeak).toBeLessThan(2.5 * size);
  });

  it('refuses CDBs the kernel would refuse (33 and 253 bytes) with a 400, and passes a 32-byte one to the device', async () => {
    for (const length of [33, 253]) {
      const r = await post({ cdb: '7f' + '00'.repeat(length - 1), direction: 'none' });
      expect(r.status, `${length} bytes`).toBe(400);
      expect(((await r.json()) as { type: string }).type).toBe('https://sgio.dev/problems/invalid-cdb-length');
    }
    // scsi_debug does not know this variable-length command: the device's own answer, not the kernel's refusal
    const r = await post({ cdb: '7f000000000000180000' + '00'.repeat(22), direction: 'none' });
    expect(r.status).toBe(422);
    expect(await r.json()).toMatchObject({ sense: { keyName: 'Illegal Request' } });
  });

  it("turns the kernel's opcode filter (EPERM on a read-only fd, no CAP_SYS_RAWIO) into a 403 that says what to do", async () => {
    const readOnly = await startSgiod(7413, ['--allow', DEV, '--allow-raw', '--tokens-file', join(dir, 'tokens'), '--log-level', 'warn'], {
      wrapper: ['setpriv', '--inh-caps=-sys_rawio', '--bounding-set=-sys_rawio'],
    });
    try {
      const send = (body: unknown) => fetch(`${readOnly.url}/v1/devices/sg0/commands`, { method: 'POST', headers: h(RAW, { 'content-type': 'application/json' }), body: JSON.stringify(body) });
      // INQUIRY is on the kernel's list of read commands; PERSISTENT RESERVE IN (a read) is not
      expect((await send({ command: 'inquiry' })).status).toBe(200);
      // where the kernel's bsg takes io_uring, read-only lanes are on the bsg node: the filter is applied there too
      const probe = await BsgDevice.open(DEV, { readOnly: true });
      const viaBsg = probe.transport.capabilities.kind === 'bsg-uring';
      await probe.close();
      const held = readdirSync(`/proc/${readOnly.child.pid}/fd`).map((fd) => {
        try {
          return readlinkSync(`/proc/${readOnly.child.pid}/fd/${fd}`);
        } catch {
          return '';
        }
      });
      expect(held).toContain(viaBsg ? bsgPathFor(DEV) : DEV);
      const r = await send({ cdb: '5e000000000000001000', direction: 'in', dataLength: 4096 });
      const problem = (await r.json()) as { type: string; detail: string };
      expect(r.status, JSON.stringify(problem)).toBe(403);
      expect(problem.type).toBe('https://sgio.dev/problems/command-not-permitted');
      expect(problem.detail).toMatch(/read-only.*--allow-write.*CAP_SYS_RAWIO/);
      expect(problem.detail).not.toMatch(/fd \d/);
    } finally {
      await readOnly.stop();
    }
  }, 180_000);
});
