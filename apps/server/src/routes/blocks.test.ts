import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { auth, testApp, TOKENS } from '../test-support/app.js';
import { checkCondition, type FakeDevices } from '../test-support/fake-devices.js';

let app: FastifyInstance | undefined;
let devices: FakeDevices;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const read = (url: string, headers: Record<string, string> = {}) => app!.inject({ url, headers: { ...auth(TOKENS.read), ...headers } });
const put = (url: string, body: Buffer, token: string = TOKENS.write, headers: Record<string, string> = {}) =>
  app!.inject({ method: 'PUT', url, headers: { ...auth(token), 'content-type': 'application/octet-stream', ...headers }, payload: body });

describe('GET blocks', () => {
  it('streams lba/count blocks', async () => {
    ({ app, devices } = await testApp());
    const r = await read('/v1/devices/sg0/blocks?lba=3&count=100');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers['content-length']).toBe(String(100 * 512));
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.rawPayload.equals(devices.disk.subarray(3 * 512, 103 * 512))).toBe(true);
  });

  it.each([
    ['bytes=0-511', 0, 511],
    ['bytes=100-1000', 100, 1000],
    ['bytes=1048000-', 1048000, 1048575],
    ['bytes=-300', 1048576 - 300, 1048575],
    ['bytes=1048570-2000000', 1048570, 1048575],
  ])('serves Range %s as 206', async (range, start, end) => {
    ({ app, devices } = await testApp());
    const r = await read('/v1/devices/sg0/blocks', { range });
    expect(r.statusCode).toBe(206);
    expect(r.headers['content-range']).toBe(`bytes ${start}-${end}/${1048576}`);
    expect(r.rawPayload.equals(devices.disk.subarray(start, end + 1))).toBe(true);
  });

  it('answers 416 for ranges and LBAs beyond the device', async () => {
    ({ app } = await testApp());
    const r = await read('/v1/devices/sg0/blocks', { range: 'bytes=1048576-' });
    expect(r.statusCode).toBe(416);
    expect(r.headers['content-range']).toBe('bytes */1048576');
    expect((await read('/v1/devices/sg0/blocks?lba=2040&count=9')).statusCode).toBe(416);
    expect((await read('/v1/devices/sg0/blocks?lba=99999999999999999999&count=1')).statusCode).toBe(416);
    expect((await read('/v1/devices/sg0/blocks', { range: 'bytes=0-1,5-9' })).statusCode).toBe(416);
  });

  it('refuses malformed requests with 400', async () => {
    ({ app } = await testApp());
    for (const url of ['/v1/devices/sg0/blocks', '/v1/devices/sg0/blocks?lba=-1&count=1', '/v1/devices/sg0/blocks?lba=0&count=0', '/v1/devices/sg0/blocks?count=abc']) {
      expect((await read(url)).statusCode, url).toBe(400);
    }
    expect((await read('/v1/devices/sg0/blocks', { range: 'lines=1-2' })).statusCode).toBe(400);
    expect((await read('/v1/devices/sg0/blocks?lba=0&count=1', { range: 'bytes=0-1' })).statusCode).toBe(400);
  });

  it('enforces the transfer limit', async () => {
    ({ app } = await testApp({ maxTransferBytes: 64 * 1024 }));
    const r = await read('/v1/devices/sg0/blocks?lba=0&count=129');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ type: 'https://sgio.dev/problems/transfer-too-large', maxTransferBytes: 65536 });
    expect((await read('/v1/devices/sg0/blocks?lba=0&count=128')).statusCode).toBe(200);
  });

  it('maps a device error before the first byte to problem+json', async () => {
    ({ app, devices } = await testApp());
    devices.failNext = checkCondition(3, 0x11, 0);
    const r = await read('/v1/devices/sg0/blocks?lba=0&count=1');
    expect(r.statusCode).toBe(502);
    expect(r.json()).toMatchObject({ type: 'https://sgio.dev/problems/medium-error', sense: { key: 3, asc: 0x11, ascq: 0 } });
  });
});

describe('PUT blocks', () => {
  it('is refused while writes are disabled (the default)', async () => {
    ({ app, devices } = await testApp());
    const r = await put('/v1/devices/sg0/blocks?lba=0', Buffer.alloc(512, 1));
    expect(r.statusCode).toBe(403);
    expect(r.json().type).toBe('https://sgio.dev/problems/writes-disabled');
    expect(devices.log.writes).toEqual([]);
  });

  it('writes whole blocks with the write scope', async () => {
    ({ app, devices } = await testApp({ allowWrite: true }));
    const body = Buffer.alloc(4096, 0xab);
    const r = await put('/v1/devices/sg1/blocks?lba=10', body);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ device: 'sg1', lba: '10', blocks: 8, bytes: 4096 });
    expect(devices.disk.subarray(5120, 5120 + 4096).equals(body)).toBe(true);
  });

  it.each([
    ['partial block', '/v1/devices/sg0/blocks?lba=0', 100, 400],
    ['empty body', '/v1/devices/sg0/blocks?lba=0', 0, 400],
    ['beyond the last block', '/v1/devices/sg0/blocks?lba=2047', 1024, 416],
    ['huge lba', '/v1/devices/sg0/blocks?lba=18446744073709551615', 512, 416],
    ['missing lba', '/v1/devices/sg0/blocks', 512, 400],
    ['negative lba', '/v1/devices/sg0/blocks?lba=-1', 512, 400],
    ['unknown device', '/v1/devices/sg7/blocks?lba=0', 512, 404],
  ])('refuses %s and writes nothing', async (_what, url, size, status) => {
    ({ app, devices } = await testApp({ allowWrite: true }));
    const before = Buffer.from(devices.disk);
    const r = await put(url, Buffer.alloc(size, 0xee));
    expect(r.statusCode).toBe(status);
    expect(devices.log.writes).toEqual([]);
    expect(devices.disk.equals(before)).toBe(true);
  });

  it('stops a body slower than --body-timeout and says how many blocks it wrote', async () => {
    ({ app, devices } = await testApp({ allowWrite: true, bodyTimeoutMs: 300 }));
    // two blocks arrive, then the client stalls with six still to come
    const body = new PassThrough();
    body.write(Buffer.alloc(1024, 0x5a));
    const started = performance.now();
    const r = await app.inject({ method: 'PUT', url: '/v1/devices/sg0/blocks?lba=4', headers: { ...auth(TOKENS.write), 'content-type': 'application/octet-stream', 'content-length': '4096' }, payload: body });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(r.statusCode).toBe(408);
    expect(r.headers.connection).toBe('close');
    expect(r.json()).toMatchObject({ type: 'https://sgio.dev/problems/body-timeout', lba: '4', blocksWritten: 2, bytesWritten: 1024, bodyTimeoutMs: 300 });
    expect(r.json().detail).toMatch(/blocks 4\.\.5 were written/);
    body.destroy();
  });

  it('refuses bodies over the transfer limit (413) and other media types (415)', async () => {
    ({ app, devices } = await testApp({ allowWrite: true, maxTransferBytes: 8192 }));
    expect((await put('/v1/devices/sg0/blocks?lba=0', Buffer.alloc(8704))).statusCode).toBe(413);
    expect((await put('/v1/devices/sg0/blocks?lba=0', Buffer.alloc(512), TOKENS.write, { 'content-type': 'text/plain' })).statusCode).toBe(415);
    expect(devices.log.writes).toEqual([]);
  });
});
