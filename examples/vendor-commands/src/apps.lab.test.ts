/**
 * The pack's log page decoder in both apps, on the real sg driver:
 * `sgio --plugin` and `sgiod --plugin` ask the device for the ACME page
 * 0x30 by the pack's name and report the device's answer, and the standard
 * pages keep their T10 names beside the pack. scsi_debug has no vendor log
 * pages, so the device refuses 0x30 (ILLEGAL REQUEST, invalid field in CDB);
 * the decoding of the page's bytes is proven in decoders.test.ts.
 */
import { firstDevice, requireLab } from '@sgio/lab';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

requireLab();

const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve('@sgio/cli/package.json'));
const { bin } = require('@sgio/cli/package.json') as { bin: { sgio: string } };
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
// the server of this repository (the example is not one of its dependencies)
const sgiodBin = fileURLToPath(new URL('../../../apps/server/dist/bin.cjs', import.meta.url));

function sgio(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(cliDir, bin.sgio), '--plugin', entry, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the ACME log page through the apps', () => {
  it('sgio logs --plugin: page 0x30 goes to the device (refused by scsi_debug, exit 5); the standard pages decode as before', () => {
    const sg = firstDevice().path;
    const refused = sgio('logs', sg, '--page', '0x30', '-v');
    expect(refused.status, refused.stderr).toBe(5);
    expect(refused.stderr).toMatch(/LOG SENSE cdb: 4d 00 70 00/); // page 0x30 with PC=1 (cumulative)
    expect(refused.stderr).toMatch(/Illegal Request/i);
    const temp = sgio('logs', sg, '--page', 'temp', '--json');
    expect(temp.status, temp.stderr).toBe(0);
    expect(JSON.parse(temp.stdout)).toMatchObject({ pageCode: 0x0d, pageName: 'Temperature' });
  });

  it('sgiod --plugin: /log/0x30 is the device refusing the page (a 4xx problem, not a 500); /log/0x0d keeps its T10 name', async () => {
    const sg = firstDevice().path;
    const name = sg.replace('/dev/', '');
    spawnSync('ip', ['link', 'set', 'lo', 'up']);
    const token = 'acme-lab-token-0123456789abcdef';
    const port = 7461;
    const child = spawn(process.execPath, [sgiodBin, '--host', '127.0.0.1', '--port', String(port), '--allow', '/dev/sg*', '--plugin', entry, '--log-level', 'error'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SGIOD_TOKENS: `${token} read lab` },
    });
    const output: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (d: string) => output.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => output.push(d));
    try {
      const url = `http://127.0.0.1:${port}`;
      const until = Date.now() + 120_000; // a loaded guest can take long to start node
      while (!(await fetch(`${url}/healthz`).then((r) => r.ok, () => false))) {
        if (child.exitCode !== null || Date.now() > until) throw new Error(`sgiod did not start: ${output.join('')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const get = (path: string): Promise<Response> => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const refused = await get(`/v1/devices/${name}/log/0x30`);
      const problem = (await refused.json()) as { status: number; detail: string };
      expect(refused.status, JSON.stringify(problem)).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(problem.detail).toMatch(/Illegal Request/i);
      const temp = await get(`/v1/devices/${name}/log/0x0d`);
      expect(temp.status).toBe(200);
      expect(await temp.json()).toMatchObject({ page: 0x0d, name: 'Temperature' });
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 180_000);
});
