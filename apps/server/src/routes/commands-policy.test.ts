/**
 * The commands endpoint decides from what a command does, not from the
 * direction the client gives: every case of issue 13 §2 against every scope
 * combination and flag setting (the fake device layer records what ran).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { auth, testApp, testConfig } from '../test-support/app.js';
import type { FakeDevices } from '../test-support/fake-devices.js';
import { POLICY_CASES } from '../test-support/policy-cases.js';
import type { Scope, ServerConfig } from '../config/config.js';

const SCOPE_SETS: Record<string, Scope[]> = {
  'read,raw': ['read', 'raw'],
  'read,raw,write': ['read', 'raw', 'write'],
  'read,raw,admin': ['read', 'raw', 'admin'],
  'read,raw,write,admin': ['read', 'raw', 'write', 'admin'],
};
const token = (set: string): string => `policy-${set.replace(/,/g, '-')}-0123456789abcdef`;

const CASES = {
  inquiry: { cdb: '120000002400', direction: 'in', dataLength: 36 },
  ...POLICY_CASES,
} as const;
type CaseName = keyof typeof CASES;

const SETTINGS: Record<string, Partial<ServerConfig>> = {
  raw: { allowRaw: true },
  'raw+write': { allowRaw: true, allowWrite: true },
  'raw+write+destructive': { allowRaw: true, allowWrite: true, allowDestructive: true },
};

// expected status per case: [setting][scopes]
const R = 'read,raw';
const W = 'read,raw,write';
const A = 'read,raw,admin';
const WA = 'read,raw,write,admin';
function expected(name: CaseName, setting: string, scopes: string): number {
  if (name === 'inquiry') return 200;
  if (name === 'write10AsNone') return 400; // contradicts WRITE(10)'s data-out: refused whatever the rights
  const writeOn = setting !== 'raw';
  const destructiveOn = setting === 'raw+write+destructive';
  if (name === 'formatUnit' || name === 'vendorC0' || name === 'persistentReserveOut') return destructiveOn && (scopes === A || scopes === WA) ? 200 : 403;
  return writeOn && (scopes === W || scopes === WA) ? 200 : 403;
}

let app: FastifyInstance | undefined;
let devices: FakeDevices;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('commands policy by effect', () => {
  for (const [setting, flags] of Object.entries(SETTINGS)) {
    it(`answers every case and scope set with ${setting}`, async () => {
      const tokens = Object.entries(SCOPE_SETS).map(([name, scopes]) => ({ name, token: token(name), scopes }));
      ({ app, devices } = await testApp({ ...flags, tokens: [...testConfig().tokens, ...tokens] }));
      const got: string[] = [];
      const want: string[] = [];
      for (const [name, body] of Object.entries(CASES) as [CaseName, unknown][]) {
        for (const scopes of Object.keys(SCOPE_SETS)) {
          const before = devices.log.commands.length;
          const r = await app.inject({ method: 'POST', url: '/v1/devices/sg0/commands', headers: auth(token(scopes)), payload: body as Record<string, unknown> });
          const ran = devices.log.commands.length > before;
          got.push(`${name} ${scopes}: ${r.statusCode} ran=${ran}`);
          const status = expected(name, setting, scopes);
          want.push(`${name} ${scopes}: ${status} ran=${status === 200}`);
        }
      }
      expect(got).toEqual(want);
    });
  }

  it('says which flag or scope is missing', async () => {
    ({ app, devices } = await testApp({ allowRaw: true, allowWrite: true, tokens: [{ name: 'w', token: token(W), scopes: SCOPE_SETS[W]! }] }));
    const r = await app.inject({ method: 'POST', url: '/v1/devices/sg0/commands', headers: auth(token(W)), payload: CASES.formatUnit });
    expect(r.json()).toMatchObject({ type: 'https://sgio.dev/problems/destructive-disabled', effect: 'destructive' });
    expect(r.json().detail).toMatch(/--allow-destructive/);
    const mismatch = await app.inject({ method: 'POST', url: '/v1/devices/sg0/commands', headers: auth(token(W)), payload: CASES.write10AsNone });
    expect(mismatch.json()).toMatchObject({ type: 'https://sgio.dev/problems/direction-mismatch', commandDirection: 'out' });
    const ndob = await app.inject({ method: 'POST', url: '/v1/devices/sg0/commands', headers: auth(token(W)), payload: CASES.writeSameNdobRaw });
    expect(ndob.statusCode).toBe(200);
    expect(devices.log.commands.at(-1)).toMatchObject({ direction: 'none' });
  });

  it('uses the direction sgio knows when the client leaves it out', async () => {
    ({ app, devices } = await testApp({ allowRaw: true, tokens: [{ name: 'r', token: token(R), scopes: SCOPE_SETS[R]! }] }));
    const r = await app.inject({ method: 'POST', url: '/v1/devices/sg0/commands', headers: auth(token(R)), payload: { cdb: '000000000000' } });
    expect(r.statusCode).toBe(200);
    expect(devices.log.commands.at(-1)).toMatchObject({ direction: 'none' });
  });
});
