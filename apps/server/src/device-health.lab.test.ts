/**
 * `GET /v1/devices/{id}/health` on the real sg driver: the same smartctl
 * JSON document `sgio health DEV --json` prints for the device (which the
 * CLI's health lab test compares with `smartctl -a -j` key by key).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { requireLab } from '@sgio/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './config/load.js';
import { startServer, type RunningServer } from './server.js';
import { loopbackUp } from './test-support/lab-server.js';

requireLab('The sgiod device health lab test');

const READ = 'lab-health-token-0123456789abcdef';
const PORT = 7396;
const SGIO_BIN = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
let server: RunningServer;

beforeAll(async () => {
  loopbackUp();
  server = await startServer(resolveConfig({ port: PORT, allow: ['/dev/sg0'], logLevel: 'silent', tokens: [{ name: 'r', token: READ, scopes: ['read'] }] }));
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('GET /v1/devices/{id}/health', () => {
  it("answers sgio health's smartctl JSON for the device", async () => {
    const r = await fetch(`http://127.0.0.1:${PORT}/v1/devices/sg0/health`, { headers: { authorization: `Bearer ${READ}` } });
    const body = (await r.json()) as Record<string, unknown>;
    expect(r.status, JSON.stringify(body)).toBe(200);
    const cli = JSON.parse(execFileSync(process.execPath, [SGIO_BIN, 'health', '/dev/sg0', '--json'], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(body).toEqual(cli);
    expect(body).toMatchObject({ device: { name: '/dev/sg0' }, smart_status: { passed: true }, logical_block_size: 512 });
  }, 120_000);
});
