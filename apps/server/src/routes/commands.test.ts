import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { auth, testApp, TOKENS } from '../test-support/app.js';
import type { FakeDevices } from '../test-support/fake-devices.js';
import { commandBodyLimit } from './commands.js';

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

  it('refuses malformed JSON (400), data over --command-max-transfer (413) and bodies over the route limit (413)', async () => {
    ({ app, devices } = await testApp({ allowRaw: true, allowWrite: true, bodyLimitBytes: 2048, commandMaxTransferBytes: 2048 }));
    const bad = await app.inject({ method: 'POST', url: '/v1/devices/sg0/commands', headers: { ...auth(TOKENS.raw), 'content-type': 'application/json' }, payload: '{"command":' });
    expect(bad.statusCode).toBe(400);
    const big = await post({ cdb: '2a0000000000000001 00'.replace(' ', ''), direction: 'out', data: 'ab'.repeat(4096) }, TOKENS.all);
    expect(big.statusCode).toBe(413);
    const huge = await post({ cdb: '2a0000000000000001 00'.replace(' ', ''), direction: 'out', data: 'ab'.repeat(commandBodyLimit({ commandMaxTransferBytes: 2048 })) }, TOKENS.all);
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ status: 413 });
    expect(devices.log.commands).toEqual([]);
  });

  it('takes a full --command-max-transfer of data although the hex body is larger than --body-limit', async () => {
    ({ app, devices } = await testApp({ allowRaw: true, allowWrite: true, bodyLimitBytes: 2048, commandMaxTransferBytes: 4096 }));
    const r = await post({ command: 'write-10', fields: { lba: 0, transferLength: 8 }, data: 'ab'.repeat(4096) }, TOKENS.all);
    expect(r.statusCode, r.body).toBe(200);
    expect(devices.log.commands).toHaveLength(1);
    expect(devices.log.commands[0]!.data?.length).toBe(4096);
  });

  it.each([33, 64, 252, 253, 260])('refuses a %i-byte CDB (the sg driver passes 6..32) with a 400 that says so', async (length) => {
    ({ app, devices } = await testApp({ allowRaw: true, allowWrite: true, allowDestructive: true }));
    const r = await post({ cdb: '7f' + '00'.repeat(length - 1), direction: 'none' }, TOKENS.all);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ type: 'https://sgio.dev/problems/invalid-cdb-length', cdbLength: length, maxCdbLength: 32 });
    expect(r.json().detail).toMatch(/6 to 32 bytes/);
    expect(devices.log.commands).toEqual([]);
  });

  it('passes a 32-byte CDB on', async () => {
    ({ app, devices } = await testApp({ allowRaw: true, allowWrite: true, allowDestructive: true, tokens: [{ name: 'admin', token: TOKENS.all, scopes: ['read', 'write', 'raw', 'admin'] }] }));
    const r = await post({ cdb: '7f' + '00'.repeat(31), direction: 'none' }, TOKENS.all);
    expect(r.statusCode).toBe(200);
    expect(devices.log.commands[0]!.cdb.length).toBe(32);
  });

  it('answers with the raw data-in bytes for Accept: application/octet-stream', async () => {
    ({ app, devices } = await testApp({ allowRaw: true }));
    const r = await app.inject({ method: 'POST', url: '/v1/devices/sg0/commands', headers: { ...auth(TOKENS.raw), accept: 'application/octet-stream' }, payload: { command: 'inquiry', fields: { allocationLength: 36 } } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers).toMatchObject({ 'x-scsi-status': '0', 'x-scsi-status-name': 'GOOD', 'x-scsi-cdb': '120000002400', 'content-length': '36' });
    expect(r.headers['x-scsi-command']).toMatch(/inquiry/i);
    expect(r.headers['x-scsi-sense']).toBeUndefined();
    expect(r.rawPayload.length).toBe(36);
    expect(r.rawPayload.subarray(8, 16).toString('latin1')).toBe('Linux   ');
    const json = await post({ command: 'inquiry', fields: { allocationLength: 36 } });
    expect(Buffer.from(json.json<{ data: string }>().data, 'hex').equals(r.rawPayload)).toBe(true);
  });

  it('keeps to its own, smaller transfer limit', async () => {
    ({ app, devices } = await testApp({ allowRaw: true, commandMaxTransferBytes: 4096 }));
    const r = await post({ cdb: '120000ffff00', direction: 'in', dataLength: 65535 });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ type: 'https://sgio.dev/problems/transfer-too-large', commandMaxTransferBytes: 4096 });
    expect(r.json().detail).toMatch(/--command-max-transfer/);
    expect((await post({ cdb: '120000100000', direction: 'in', dataLength: 4096 })).statusCode).toBe(200);
    expect(devices.log.commands.length).toBe(1);
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
