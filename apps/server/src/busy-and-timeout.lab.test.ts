/**
 * sgiod's two answers for a device that is too slow, on the real sg driver
 * (scsi_debug's `delay`, in jiffies of 10 ms in the lab's kernel):
 * - 503 `device-busy` with `Retry-After: 1`, when every lane stays busy for
 *   the request timeout (the request never reached the device);
 * - 504 `command-timeout`, when the device does not complete a command
 *   within the request timeout, which is also the command's SCSI timeout:
 *   the kernel's midlayer aborts it, and the device serves the next
 *   request, with the right bytes.
 * One lane and a 1 s request timeout make both quick to reach.
 *
 * Not reached here: sgiod's own deadline (the request timeout plus 2 s of
 * grace), which answers 504 and replaces the lane when the kernel has not
 * returned the command even then. scsi_debug's aborts succeed at once, so
 * the kernel always returns first; stuck-command.lab.test.ts reaches it
 * with a TCMU disk that keeps a command.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reloadScsiDebug, requireLab, setScsiDebugTiming } from '@sgio/lab';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_GRACE_MS } from './devices/sg-access.js';
import { loopbackUp, sgDdRead, startSgiod, type SgiodChild } from './test-support/lab-server.js';

requireLab('The sgiod busy and timeout lab test');

const DEV = '/dev/sg0';
const READ = 'lab-busy-read-0123456789abcdef';
const REQUEST_TIMEOUT_MS = 1000;

let dir: string;
let server: SgiodChild;

/** One block read through sgiod: status, headers, body and how long it took. */
async function readBlock(lba: number): Promise<{ status: number; retryAfter: string | null; body: Buffer; ms: number }> {
  const started = performance.now();
  const r = await fetch(`${server.url}/v1/devices/sg0/blocks?lba=${lba}&count=1`, { headers: { authorization: `Bearer ${READ}` } });
  const body = Buffer.from(await r.arrayBuffer());
  return { status: r.status, retryAfter: r.headers.get('retry-after'), body, ms: performance.now() - started };
}

/** scsi_debug answers every command after `jiffies` jiffies (0: at once). */
async function slowDisk(jiffies: number): Promise<void> {
  if (jiffies === 0) await setScsiDebugTiming('ndelay', 0); // this puts the jiffy delay back to 1
  await setScsiDebugTiming('delay', jiffies);
}

beforeAll(async () => {
  loopbackUp();
  await reloadScsiDebug('default');
  dir = mkdtempSync(join(tmpdir(), 'sgiod-busy-'));
  writeFileSync(join(dir, 'tokens'), `${READ} read reader\n`, { mode: 0o600 });
  server = await startSgiod(7421, ['--allow', DEV, '--tokens-file', join(dir, 'tokens'), '--concurrency', '1', '--request-timeout', String(REQUEST_TIMEOUT_MS), '--log-level', 'warn']);
  // the device's lane opens on its first request: open it while the disk is quick
  expect((await readBlock(0)).status).toBe(200);
}, 180_000);

afterEach(() => slowDisk(0));

afterAll(async () => {
  await slowDisk(0);
  if (server) expect(await server.stop(), server.output.join('').slice(-3000)).toBe(0);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('a slow device', () => {
  it('answers 503 device-busy with Retry-After to a request that waited the request timeout for the only lane; the one holding it completes', async () => {
    // 2 s a command: more than the request timeout, less than the timeout plus the grace
    await slowDisk(200);
    const holding = readBlock(8);
    // the second request comes once the first holds the lane
    await new Promise((r) => setTimeout(r, 300));
    const waiting = await readBlock(16);
    expect(waiting.status, waiting.body.toString()).toBe(503);
    expect(waiting.retryAfter).toBe('1');
    expect(JSON.parse(waiting.body.toString())).toMatchObject({ status: 503, type: 'https://sgio.dev/problems/device-busy', title: 'Device busy' });
    expect(waiting.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    const held = await holding;
    expect(held.status, held.body.toString()).toBe(200);
    expect(held.ms).toBeGreaterThanOrEqual(1900);
    await slowDisk(0);
    expect(held.body.equals(sgDdRead(DEV, 8, 1))).toBe(true);
  }, 30_000);

  it('answers 504 command-timeout when a command outlives the request timeout (its SCSI timeout), then serves the next request', async () => {
    // 5 s a command: the midlayer aborts it after the 1 s SCSI timeout, before sgiod's own deadline (3 s)
    await slowDisk(500);
    const late = await readBlock(24);
    expect(late.status, late.body.toString()).toBe(504);
    expect(JSON.parse(late.body.toString())).toMatchObject({ status: 504, type: 'https://sgio.dev/problems/command-timeout' });
    expect(late.retryAfter).toBeNull();
    expect(late.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(late.ms).toBeLessThan(REQUEST_TIMEOUT_MS + COMMAND_GRACE_MS);
    await slowDisk(0);
    const next = await readBlock(32);
    expect(next.status, next.body.toString()).toBe(200);
    expect(next.body.equals(sgDdRead(DEV, 32, 1))).toBe(true);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 30_000);
});
