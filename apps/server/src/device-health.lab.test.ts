/**
 * `GET /v1/devices/{id}/health` on the real sg driver: the same smartctl
 * JSON document `sgio health DEV --json` prints for the device (which the
 * CLI's health lab test compares with `smartctl -a -j` key by key); and
 * the smartctl_exporter-named gauges on `/metrics`, refreshed on the
 * `--health-interval`, equal to what `smartctl -a -j` reports.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { requireLab } from '@sgio/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './config/load.js';
import { startServer, type RunningServer } from './server.js';
import { loopbackUp, metricValue } from './test-support/lab-server.js';

requireLab('The sgiod device health lab test');

const READ = 'lab-health-token-0123456789abcdef';
const PORT = 7396;
const SGIO_BIN = fileURLToPath(new URL('../../cli/dist/bin.cjs', import.meta.url));
let server: RunningServer;

beforeAll(async () => {
  loopbackUp();
  server = await startServer(resolveConfig({ port: PORT, allow: ['/dev/sg0'], logLevel: 'silent', healthIntervalMs: 1000, tokens: [{ name: 'r', token: READ, scopes: ['read'] }] }));
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

  it('/metrics carries smartctl_exporter gauges for the device, refreshed on the interval, equal to smartctl -a -j', async () => {
    // smartctl's exit status has bits for its own failed commands (4 on scsi_debug): the JSON is what counts
    const smartctl = JSON.parse(spawnSync('smartctl', ['-a', '-j', '/dev/sg0'], { encoding: 'utf8' }).stdout) as {
      user_capacity: { bytes: number; blocks: number };
      logical_block_size: number;
      smart_status: { passed: boolean };
      temperature?: { current?: number };
    };
    const metrics = async (): Promise<string> => (await fetch(`http://127.0.0.1:${PORT}/metrics`, { headers: { authorization: `Bearer ${READ}` } })).text();
    // the first reading comes one interval (1 s here) after start; wait for it
    let text = await metrics();
    for (let i = 0; i < 60 && !/^smartctl_device_status\{device="sg0"\} 1$/m.test(text); i++) {
      await new Promise((r) => setTimeout(r, 500));
      text = await metrics();
    }
    const device = { device: 'sg0' };
    expect(metricValue(text, 'smartctl_device_status', device)).toBe(1);
    expect(metricValue(text, 'smartctl_device_smart_status', device)).toBe(smartctl.smart_status.passed ? 1 : 0);
    expect(metricValue(text, 'smartctl_device_capacity_bytes', device)).toBe(smartctl.user_capacity.bytes);
    expect(metricValue(text, 'smartctl_device_capacity_blocks', device)).toBe(smartctl.user_capacity.blocks);
    expect(metricValue(text, 'smartctl_device_block_size', { device: 'sg0', blocks_type: 'logical' })).toBe(smartctl.logical_block_size);
    if (smartctl.temperature?.current !== undefined) expect(metricValue(text, 'smartctl_device_temperature', { device: 'sg0', temperature_type: 'current' })).toBe(smartctl.temperature.current);
    // refreshed again: the timestamp moves on
    const first = metricValue(text, 'sgiod_health_last_refresh_timestamp_seconds', device);
    await new Promise((r) => setTimeout(r, 2500));
    expect(metricValue(await metrics(), 'sgiod_health_last_refresh_timestamp_seconds', device)).toBeGreaterThan(first);
  }, 120_000);
});
