import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { auth, testApp, TOKENS } from './test-support/app.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('authentication', () => {
  it('lets /healthz through without a token', async () => {
    ({ app } = await testApp());
    const r = await app.inject({ url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok' });
    expect(r.headers['x-request-id']).toBeTruthy();
  });

  it.each(['/v1/devices', '/metrics', '/openapi.json', '/v1/devices/sg0', '/nowhere'])('refuses %s without a token (401, problem+json)', async (url) => {
    ({ app } = await testApp());
    const r = await app.inject({ url });
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.headers['www-authenticate']).toMatch(/^Bearer realm="sgiod"/);
    expect(r.json()).toMatchObject({ status: 401, type: 'https://sgio.dev/problems/unauthorized', instance: url });
  });

  it('refuses a wrong token and a malformed header', async () => {
    ({ app } = await testApp());
    for (const authorization of ['Bearer wrong-token-0123456789abcdef', `Bearer ${TOKENS.read}x`, `Basic ${TOKENS.read}`, 'Bearer ']) {
      const r = await app.inject({ url: '/v1/devices', headers: { authorization } });
      expect(r.statusCode, authorization).toBe(401);
    }
  });

  it('refuses a token without the scope (403) and accepts one with it', async () => {
    ({ app } = await testApp({ allowWrite: true, allowRaw: true }));
    const put = (token: string) =>
      app!.inject({ method: 'PUT', url: '/v1/devices/sg0/blocks?lba=0', headers: { ...auth(token), 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(512) });
    const denied = await put(TOKENS.read);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ type: 'https://sgio.dev/problems/insufficient-scope', requiredScope: 'write' });
    expect((await put(TOKENS.raw)).statusCode).toBe(403);
    expect((await put(TOKENS.write)).statusCode).toBe(200);
    const cmd = (token: string) => app!.inject({ method: 'POST', url: '/v1/devices/sg0/commands', headers: auth(token), payload: { command: 'inquiry' } });
    expect((await cmd(TOKENS.write)).statusCode).toBe(403);
    expect((await cmd(TOKENS.raw)).statusCode).toBe(200);
  });

  it('echoes a sane request id and replaces an unsafe one', async () => {
    ({ app } = await testApp());
    const ok = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(ok.headers['x-request-id']).toBe('abc-123');
    const bad = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'a b\u0001' } });
    expect(bad.headers['x-request-id']).not.toBe('a b\u0001');
  });
});

describe('devices and pages', () => {
  it('lists devices and describes one by sg name or H:C:T:L', async () => {
    ({ app } = await testApp());
    const list = await app.inject({ url: '/v1/devices', headers: auth(TOKENS.read) });
    expect(list.json<{ devices: { id: string }[] }>().devices.map((d) => d.id)).toEqual(['sg0', 'sg1']);
    for (const id of ['sg1', '0:0:1:0']) {
      const r = await app.inject({ url: `/v1/devices/${id}`, headers: auth(TOKENS.read) });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({
        device: { id: 'sg1', hctl: '0:0:1:0' },
        identity: { vendor: 'Linux', product: 'scsi_debug', revision: '0191' },
        capacity: { blocks: '2048', blockSize: 512, bytes: String(2048 * 512) },
        blockSize: 512,
        supportedVpdPages: [0, 0x80],
      });
    }
  });

  it.each(['sg9', '..%2Fsg0', '%2Fdev%2Fsg0', 'sg0%00', 'sg0..', '..', '%2e%2e', 'sda'])('answers 404 for the id %s', async (id) => {
    ({ app } = await testApp());
    const r = await app.inject({ url: `/v1/devices/${id}`, headers: auth(TOKENS.read) });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
  });

  it('decodes VPD, mode and log pages and gives the hex', async () => {
    ({ app } = await testApp());
    const vpd = await app.inject({ url: '/v1/devices/sg0/vpd/0x80', headers: auth(TOKENS.read) });
    expect(vpd.json()).toMatchObject({ page: 0x80, name: expect.stringMatching(/serial/i), hex: '0080000431323334', decoded: { serialNumber: '1234' } });
    const mode = await app.inject({ url: '/v1/devices/sg0/mode/8', headers: auth(TOKENS.read) });
    expect(mode.statusCode).toBe(200);
    expect(mode.json().decoded.pages[0]).toMatchObject({ pageCode: 8 });
    const log = await app.inject({ url: '/v1/devices/sg0/log/0', headers: auth(TOKENS.read) });
    expect(log.statusCode).toBe(200);
    expect(log.json()).toMatchObject({ page: 0, hex: '00000003000d2f' });
  });

  it('refuses bad page codes with 400', async () => {
    ({ app } = await testApp());
    for (const url of ['/v1/devices/sg0/vpd/256', '/v1/devices/sg0/mode/0x40', '/v1/devices/sg0/log/abc', '/v1/devices/sg0/mode/8?pc=9']) {
      expect((await app.inject({ url, headers: auth(TOKENS.read) })).statusCode, url).toBe(400);
    }
  });
});

describe('requests in flight', () => {
  it('counts a request from its arrival until its answer, the scrape itself included', async () => {
    ({ app } = await testApp());
    const value = (text: string): number => Number(/^sgiod_http_requests_in_flight (\d+)$/m.exec(text)?.[1]);
    expect(value((await app.inject({ url: '/metrics', headers: auth(TOKENS.read) })).body)).toBe(1);
    await app.inject({ url: '/v1/devices', headers: auth(TOKENS.read) });
    await app.inject({ url: '/nowhere', headers: auth(TOKENS.read) });
    // answered ones (a 200, a 404, a 401) leave the count
    await app.inject({ url: '/v1/devices' });
    expect(value((await app.inject({ url: '/metrics', headers: auth(TOKENS.read) })).body)).toBe(1);
  });
});
