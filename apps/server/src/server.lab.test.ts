/**
 * sgiod against scsi_debug on the multi profile, over loopback HTTP inside
 * the lab: every endpoint, the security refusals, data written and read
 * back (API, sg_dd, Range), 50 clients for 20 s with a device deleted
 * mid-load, metrics that match the requests, and a graceful SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteDevice, reloadScsiDebug, requireLab, rescan, setScsiDebugTiming, sgDevices } from '@sgio/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './config/load.js';
import { startServer, type RunningServer } from './server.js';
import { loopbackUp, metricValue, rssOf, sgDdRead, startSgiod, type SgiodChild } from './test-support/lab-server.js';

requireLab('The sgiod lab test');

const READ = 'lab-read-token-0123456789abcdef';
const WRITE = 'lab-write-token-0123456789abcdef';
const RAW = 'lab-raw-token-0123456789abcdef';
const CONCURRENCY = 2;
const MAX_TRANSFER = 1024 * 1024;

let dir: string;
let server: SgiodChild;
let readOnly: RunningServer;

const h = (token: string, extra: Record<string, string> = {}): Record<string, string> => ({ authorization: `Bearer ${token}`, ...extra });
const get = (path: string, token = READ, extra: Record<string, string> = {}) => fetch(server.url + path, { headers: h(token, extra) });
const put = (path: string, body: Uint8Array, token = WRITE, base = server.url) =>
  fetch(base + path, { method: 'PUT', headers: h(token, { 'content-type': 'application/octet-stream' }), body });
const post = (path: string, body: unknown, token = RAW) => fetch(server.url + path, { method: 'POST', headers: h(token, { 'content-type': 'application/json' }), body: JSON.stringify(body) });
const bytes = async (r: Response): Promise<Buffer> => Buffer.from(await r.arrayBuffer());
const metrics = async (): Promise<string> => (await get('/metrics')).text();

beforeAll(async () => {
  loopbackUp();
  await reloadScsiDebug('multi');
  dir = mkdtempSync(join(tmpdir(), 'sgiod-lab-'));
  writeFileSync(join(dir, 'tokens'), `${READ} read reader\n${WRITE} read,write writer\n${RAW} read,raw raw\n`, { mode: 0o600 }); // sgiod refuses group- or world-readable token files
  // sg2 is allowed through a symlink (resolved once at start-up); sg3 is outside the allowlist
  symlinkSync('/dev/sg2', join(dir, 'disk-c'));
  const allow = ['--allow', '/dev/sg0', '--allow', '/dev/sdb', '--allow', join(dir, 'disk-c')];
  server = await startSgiod(7391, [...allow, '--allow-write', '--allow-raw', '--tokens-file', join(dir, 'tokens'), '--concurrency', String(CONCURRENCY), '--max-transfer', '1M', '--body-limit', '64k', '--log-level', 'warn']);
  readOnly = await startServer(resolveConfig({ port: 7392, allow: ['/dev/sg*'], logLevel: 'silent', tokens: [{ name: 'w', token: WRITE, scopes: ['read', 'write'] }] }));
}, 60_000);

afterAll(async () => {
  await readOnly?.close();
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (sgDevices().length < 4) await rescan(4);
  await reloadScsiDebug('default');
}, 60_000);

describe('endpoints', () => {
  it('lists only the allowed devices and describes them', async () => {
    const list = (await (await get('/v1/devices')).json()) as { devices: { id: string; hctl: string }[] };
    expect(list.devices.map((d) => d.id)).toEqual(['sg0', 'sg1', 'sg2']);
    const byHctl = await get(`/v1/devices/${list.devices[1]!.hctl}`);
    expect(byHctl.status).toBe(200);
    const detail = (await byHctl.json()) as { supportedVpdPages: number[] };
    expect(detail).toMatchObject({ device: { id: 'sg1' }, identity: { vendor: 'Linux', product: 'scsi_debug' }, capacity: { blocks: '131072', blockSize: 512 }, blockSize: 512 });
    expect(detail.supportedVpdPages).toEqual(expect.arrayContaining([0x00, 0x80, 0x83]));
  });

  it('decodes VPD, mode and log pages with their hex', async () => {
    const vpd = (await (await get('/v1/devices/sg0/vpd/0x83')).json()) as { hex: string; decoded: { designators: unknown[] } };
    expect(vpd).toMatchObject({ page: 0x83, name: 'Device Identification' });
    expect(vpd.decoded.designators.length).toBeGreaterThan(0);
    expect(vpd.hex.slice(0, 4)).toBe('0083');
    const mode = (await (await get('/v1/devices/sg0/mode/0x08')).json()) as { decoded: { pages: unknown[] } };
    expect(mode.decoded.pages[0]).toMatchObject({ pageCode: 8 });
    const log = (await (await get('/v1/devices/sg0/log/0')).json()) as { decoded: { supportedPages: number[] } };
    expect(log.decoded.supportedPages).toContain(0);
    expect((await get('/v1/devices/sg0/vpd/0xfe')).status).toBe(422);
  });

  it('serves /healthz without a token, /openapi.json and /metrics with one', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const doc = (await (await get('/openapi.json')).json()) as { openapi: string; paths: object };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/v1/devices/{id}/blocks');
    expect(await metrics()).toContain('sgiod_scsi_commands_total');
  });

  it('runs registry commands and raw CDBs with the raw scope', async () => {
    const tur = await post('/v1/devices/sg0/commands', { command: 'testUnitReady' });
    expect(tur.status).toBe(200);
    const inq = (await (await post('/v1/devices/sg0/commands', { cdb: '120000002400', direction: 'in', dataLength: 36 })).json()) as { data: string };
    expect(Buffer.from(inq.data, 'hex').subarray(8, 16).toString('latin1')).toBe('Linux   ');
    const beyond = await post('/v1/devices/sg0/commands', { command: 'read16', fields: { lba: '200000', transferLength: 1 } });
    expect(beyond.status).toBe(416);
    expect(await beyond.json()).toMatchObject({ sense: { keyName: 'Illegal Request', asc: 0x21 } });
  });
});

describe('security', () => {
  it('refuses missing, wrong and under-scoped tokens', async () => {
    expect((await fetch(`${server.url}/v1/devices`)).status).toBe(401);
    expect((await get('/v1/devices', 'lab-wrong-token-0123456789abcdef')).status).toBe(401);
    expect((await get('/metrics', 'x')).status).toBe(401);
    expect((await put('/v1/devices/sg0/blocks?lba=0', new Uint8Array(512), READ)).status).toBe(403);
    expect((await post('/v1/devices/sg0/commands', { command: 'inquiry' }, WRITE)).status).toBe(403);
    expect((await post('/v1/devices/sg0/commands', { command: 'write10', fields: { lba: 0, transferLength: 1 }, data: '00'.repeat(512) }, RAW)).status).toBe(403);
  });

  it('never reaches a device outside the allowlist, whatever the path', async () => {
    const sg3 = sgDevices().find((d) => d.name === 'sg3')!;
    for (const id of ['sg3', sg3.hctl, '..%2Fsg3', '%2Fdev%2Fsg3', 'sg0%2F..%2Fsg3', '%2E%2E%2Fdev%2Fsg3', 'disk-c', encodeURIComponent(join(dir, 'disk-c')), 'sdd']) {
      const r = await get(`/v1/devices/${id}/blocks?lba=0&count=1`);
      expect(r.status, id).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect((await get('/v1/devices/../../dev/sg3')).status).toBe(404);
  });

  it('refuses oversized, malformed and out-of-range requests and writes nothing', async () => {
    const before = sgDdRead('/dev/sg0', 131000, 72);
    expect((await put('/v1/devices/sg0/blocks?lba=131000', randomBytes(72 * 512 + 512))).status).toBe(416);
    expect((await put('/v1/devices/sg0/blocks?lba=131000', randomBytes(100))).status).toBe(400);
    expect((await put('/v1/devices/sg0/blocks?lba=99999999999999999999', randomBytes(512))).status).toBe(416);
    expect((await put('/v1/devices/sg0/blocks?lba=0', randomBytes(MAX_TRANSFER + 512))).status).toBe(413);
    expect((await get('/v1/devices/sg0/blocks?lba=131071&count=2')).status).toBe(416);
    expect((await get('/v1/devices/sg0/blocks', READ, { range: `bytes=${131072 * 512}-` })).status).toBe(416);
    expect((await get('/v1/devices/sg0/blocks?lba=0&count=4096')).status).toBe(400);
    const bad = await fetch(`${server.url}/v1/devices/sg0/commands`, { method: 'POST', headers: h(RAW, { 'content-type': 'application/json' }), body: '{"command": ' });
    expect(bad.status).toBe(400);
    // /commands takes JSON up to 2 x --command-max-transfer (1 MiB here) + 64 KiB whatever --body-limit says: over it, 413 before parsing
    const big = await post('/v1/devices/sg0/commands', { cdb: '2a0000000000000000 0100'.replace(' ', ''), data: 'ff'.repeat(1_100_000) }, RAW);
    expect(big.status).toBe(413);
    // under the route limit, a WRITE(10) from a token without the write scope: 403 (decided from what the CDB does), never sent
    const unscoped = await post('/v1/devices/sg0/commands', { cdb: '2a0000000000000000 0100'.replace(' ', ''), data: 'ff'.repeat(40_000) }, RAW);
    expect(unscoped.status).toBe(403);
    expect(sgDdRead('/dev/sg0', 131000, 72).equals(before)).toBe(true);
  });

  it('keeps writes disabled by default', async () => {
    const before = sgDdRead('/dev/sg0', 0, 8);
    const r = await put('/v1/devices/sg0/blocks?lba=0', randomBytes(4096), WRITE, readOnly.url);
    expect(r.status).toBe(403);
    expect(((await r.json()) as { type: string }).type).toMatch(/writes-disabled/);
    expect(sgDdRead('/dev/sg0', 0, 8).equals(before)).toBe(true);
  });
});

describe('data', () => {
  it('reads back written blocks identically through the API and sg_dd, and serves Range reads', async () => {
    const data = randomBytes(600 * 512);
    const w = await put('/v1/devices/sdb-is-not-an-id/blocks?lba=0', data);
    expect(w.status).toBe(404);
    const written = await put('/v1/devices/sg1/blocks?lba=20000', data);
    expect(await written.json()).toEqual({ device: 'sg1', lba: '20000', blocks: 600, bytes: data.length });
    expect((await bytes(await get('/v1/devices/sg1/blocks?lba=20000&count=600'))).equals(data)).toBe(true);
    expect(sgDdRead('/dev/sg1', 20000, 600).equals(data)).toBe(true);
    const start = 20000 * 512 + 1234;
    const end = start + 200_000;
    const ranged = await get('/v1/devices/sg1/blocks', READ, { range: `bytes=${start}-${end}` });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes ${start}-${end}/${131072 * 512}`);
    expect((await bytes(ranged)).equals(data.subarray(1234, 1234 + 200_001))).toBe(true);
    const direct = sgDdRead('/dev/sg1', 3, 5);
    expect((await bytes(await get('/v1/devices/sg1/blocks', READ, { range: `bytes=${3 * 512 + 7}-${8 * 512 - 2}` }))).equals(direct.subarray(7, 5 * 512 - 1))).toBe(true);
  });
});

describe('metrics', () => {
  it('count what was done', async () => {
    const before = await metrics();
    for (let i = 0; i < 7; i++) await bytes(await get(`/v1/devices/sg0/blocks?lba=${i * 8}&count=8`));
    await post('/v1/devices/sg0/commands', { command: 'read16', fields: { lba: '999999', transferLength: 1 } });
    const after = await metrics();
    const delta = (name: string, labels: Record<string, string>): number => metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('sgiod_scsi_commands_total', { device: 'sg0', opcode: '0x88', outcome: 'ok' })).toBe(7);
    expect(delta('sgiod_scsi_bytes_total', { device: 'sg0', direction: 'read' })).toBe(7 * 8 * 512);
    expect(delta('sgiod_scsi_commands_total', { device: 'sg0', opcode: '0x88', outcome: 'check_condition' })).toBe(1);
    expect(delta('sgiod_scsi_sense_errors_total', { sense_key: 'Illegal Request' })).toBe(1);
    expect(delta('sgiod_scsi_command_duration_seconds_count', { opcode: '0x88' })).toBe(8);
    // the per-device time sum the dashboard's mean-latency panel divides by the command rate
    expect(delta('sgiod_scsi_command_seconds_total', {})).toBeCloseTo(delta('sgiod_scsi_command_duration_seconds_sum', {}), 6);
    expect(delta('sgiod_scsi_command_seconds_total', { device: 'sg0' })).toBeGreaterThan(0);
    expect(delta('sgiod_http_requests_total', { route: '/v1/devices/:id/blocks', status: '200' })).toBe(7);
    expect(metricValue(after, 'sgiod_scsi_commands_in_flight', { device: 'sg0' })).toBe(0);
  });
});

describe('load', () => {
  it('50 clients for 20 s: correct data, flat memory, concurrency within the limit, a deleted device turns into clean errors', async () => {
    const REGION = 4096; // blocks compared against a reference read with sg_dd
    const reference = sgDdRead('/dev/sg0', 0, REGION); // scsi_debug devices share one store
    const pid = server.child.pid!;
    const stopAt = Date.now() + 20_000;
    const deleteAt = Date.now() + 13_000;
    const stats = { requests: 0, ok: 0, mismatches: 0, errors: new Map<string, number>(), afterDelete: 0, hung: 0 };
    const rss: number[] = [];
    let deleted = false;
    const sampler = setInterval(() => rss.push(rssOf(pid)), 1000);
    const count = (key: string): void => {
      stats.errors.set(key, (stats.errors.get(key) ?? 0) + 1);
    };
    const client = async (n: number): Promise<void> => {
      const device = ['sg0', 'sg1', 'sg2'][n % 3]!;
      for (let i = 0; Date.now() < stopAt; i++) {
        const blocks = 1 + ((n * 31 + i * 17) % 64);
        const lba = (n * 977 + i * 613) % (REGION - blocks);
        stats.requests++;
        const late = deleted && device === 'sg2';
        try {
          const r = await fetch(`${server.url}/v1/devices/${device}/blocks?lba=${lba}&count=${blocks}`, { headers: h(READ), signal: AbortSignal.timeout(15_000) });
          if (r.status === 200) {
            const body = await bytes(r);
            if (body.equals(reference.subarray(lba * 512, (lba + blocks) * 512))) stats.ok++;
            else stats.mismatches++;
          } else {
            await r.arrayBuffer();
            count(`${device}:${r.status}`);
            if (!late && device !== 'sg2') stats.mismatches++;
          }
        } catch (e) {
          if ((e as Error).name === 'TimeoutError') stats.hung++;
          count(`${device}:${(e as Error).name}`);
          if (device !== 'sg2') stats.mismatches++;
        }
        if (late) stats.afterDelete++;
      }
    };
    const deleter = (async () => {
      await new Promise((r) => setTimeout(r, deleteAt - Date.now()));
      deleteDevice('sg2');
      deleted = true;
    })();
    await Promise.all([...Array.from({ length: 50 }, (_, n) => client(n)), deleter]);
    clearInterval(sampler);
    const m = await metrics();
    const peaks = ['sg0', 'sg1'].map((device) => metricValue(m, 'sgiod_scsi_commands_in_flight_peak', { device }));
    const settled = rss.slice(3);
    const report = { ...stats, errors: Object.fromEntries(stats.errors), peaks, rssMiB: rss.map((b) => Math.round(b / 2 ** 20)) };
    console.log('sgiod load:', JSON.stringify(report));
    expect(stats.mismatches).toBe(0);
    expect(stats.hung).toBe(0);
    expect(stats.ok).toBeGreaterThan(1000);
    expect(stats.afterDelete).toBeGreaterThan(0);
    for (const key of stats.errors.keys()) expect(key, JSON.stringify(report)).toMatch(/^sg2:(404|410|503|502|TypeError)$/);
    for (const p of peaks) expect(p).toBeLessThanOrEqual(CONCURRENCY);
    expect(Math.max(...peaks)).toBe(CONCURRENCY);
    expect(Math.max(...settled) - Math.min(...settled)).toBeLessThan(40 * 2 ** 20);
    // the server survived: still healthy, the other devices still serve, the gone one is no longer listed
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await get('/v1/devices/sg2')).status).toBe(404);
    expect((await bytes(await get('/v1/devices/sg0/blocks?lba=0&count=8'))).equals(reference.subarray(0, 4096))).toBe(true);
  }, 60_000);
});

describe('shutdown', () => {
  it('drains in-flight reads on SIGTERM, then closes the devices and exits 0', async () => {
    await rescan(4);
    // a server of its own: the shared one has been through the device deletion of the load test
    const fresh = await startSgiod(7393, ['--allow', '/dev/sg0', '--allow-write', '--tokens-file', join(dir, 'tokens'), '--concurrency', String(CONCURRENCY), '--max-transfer', '1M', '--log-level', 'warn']);
    // one read first, so the device's lanes are open before SIGTERM arrives
    const warm = await fetch(`${fresh.url}/v1/devices/sg0/blocks?lba=0&count=8`, { headers: h(READ) });
    expect(warm.status, fresh.output.join("").slice(-1500)).toBe(200);
    // slow the disk (50 ms a command, two at a time; a 1 MiB read takes several) so all four reads are still running when SIGTERM comes
    await setScsiDebugTiming('ndelay', 50_000_000);
    let code: number | null;
    let bodies: Buffer[];
    try {
      const reads = Array.from({ length: 4 }, () => fetch(`${fresh.url}/v1/devices/sg0/blocks?lba=0&count=2048`, { headers: h(READ) }).then(bytes));
      // SIGTERM only once the server holds all four requests: a request still on its way when the
      // server stops listening is refused with a reset, which is right, but not what this case is about
      const deadline = Date.now() + 10_000;
      for (;;) {
        const scrape = await (await fetch(`${fresh.url}/metrics`, { headers: h(READ) })).text();
        if (metricValue(scrape, 'sgiod_http_requests_in_flight') >= 5) break; // the four reads and this scrape
        expect(Date.now(), 'the four reads never all reached the server').toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 20));
      }
      code = await fresh.stop();
      bodies = await Promise.all(reads);
    } finally {
      await setScsiDebugTiming('ndelay', 0);
    }
    expect(bodies.map((b) => b.length)).toEqual([MAX_TRANSFER, MAX_TRANSFER, MAX_TRANSFER, MAX_TRANSFER]);
    // on failure, show what the server logged while shutting down
    expect(code, fresh.output.join('').slice(-3000)).toBe(0);
    expect(fresh.output.join('')).not.toMatch(/"level":50/);
    expect(existsSync(dir)).toBe(true);
  }, 30_000);

  it('the server that went through a device deletion under load still stops within its grace period', async () => {
    const started = Date.now();
    const code = await server.stop();
    expect(code, server.output.join('').slice(-3000)).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);
});
