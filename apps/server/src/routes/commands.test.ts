import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { auth, testApp, TOKENS } from '../test-support/app.js';
import type { FakeDevices } from '../test-support/fake-devices.js';

let app: FastifyInstance | undefined;
let devices: FakeDevices;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const post = (payload: unknown, token: string = TOKENS.raw) =>
  app!.inject({ method: 'POST', url: '/v1/devices/sg0/commands', headers: auth(token), payload: payload as Record<string, unknown> });

describe('POST commands', () => {
  it('is off without --allow-raw', async () => {
    ({ app, devices } = await testApp());
    const r = await post({ command: 'inquiry' });
    expect(r.statusCode).toBe(403);
    expect(r.json().type).toBe('https://sgio.dev/problems/raw-disabled');
    expect(devices.log.commands).toEqual([]);
  });

  it('runs a registry command with its fields', async () => {
    ({ app, devices } = await testApp({ allowRaw: true }));
    const r = await post({ command: 'INQUIRY', fields: { allocationLength: 36 } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ command: 'INQUIRY', cdb: '120000002400', status: 0, statusName: 'GOOD', dataLength: 36, fields: { evpd: false, allocationLength: 36 } });
    expect(devices.log.commands[0]).toMatchObject({ direction: 'in', receive: 36 });
  });

  it('runs a raw CDB', async () => {
    ({ app, devices } = await testApp({ allowRaw: true }));
    const r = await post({ cdb: '12 00 00 00 24 00', direction: 'in', dataLength: 36 });
    expect(r.statusCode).toBe(200);
    expect(r.json().command).toMatch(/inquiry/i);
  });

  it.each([
    [{}, 400],
    [{ command: 'nope' }, 404],
    [{ command: 'inquiry', fields: { bogus: 1 } }, 400],
    [{ command: 'inquiry', fields: { allocationLength: 'x' } }, 400],
    [{ command: 'inquiry', fields: { allocationLength: 70000 } }, 400],
    [{ command: 'inquiry', cdb: '120000002400' }, 400],
    [{ cdb: 'zz' }, 400],
    [{ cdb: '1200' }, 400],
    [{ cdb: '120000002400', direction: 'in' }, 400],
    [{ cdb: '120000002400', extra: true }, 400],
    [{ cdb: '120000002400', direction: 'in', dataLength: 1 << 30 }, 400],
  ])('refuses %j with %i', async (payload, status) => {
    ({ app, devices } = await testApp({ allowRaw: true }));
    const r = await post(payload);
    expect(r.statusCode).toBe(status);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(devices.log.commands).toEqual([]);
  });

  it('refuses malformed JSON (400) and oversized bodies (413)', async () => {
    ({ app, devices } = await testApp({ allowRaw: true, bodyLimitBytes: 2048 }));
    const bad = await app.inject({ method: 'POST', url: '/v1/devices/sg0/commands', headers: { ...auth(TOKENS.raw), 'content-type': 'application/json' }, payload: '{"command":' });
    expect(bad.statusCode).toBe(400);
    const big = await post({ cdb: '2a0000000000000001 00'.replace(' ', ''), direction: 'out', data: 'ab'.repeat(4096) }, TOKENS.all);
    expect(big.statusCode).toBe(413);
    expect(devices.log.commands).toEqual([]);
  });

  it('needs --allow-write and the write scope for data-out commands', async () => {
    ({ app, devices } = await testApp({ allowRaw: true }));
    const cmd = { command: 'write10', fields: { lba: 0, transferLength: 1 }, data: '00'.repeat(512) };
    expect((await post(cmd, TOKENS.all)).json().type).toBe('https://sgio.dev/problems/writes-disabled');
    await app.close();
    ({ app, devices } = await testApp({ allowRaw: true, allowWrite: true }));
    expect((await post(cmd, TOKENS.raw)).statusCode).toBe(403);
    expect(devices.log.commands).toEqual([]);
    const ok = await post(cmd, TOKENS.all);
    expect(ok.statusCode).toBe(200);
    expect(devices.log.commands[0]).toMatchObject({ direction: 'out' });
  });
});
