/**
 * sgiod's device lifetimes on the real sg driver: the cached capacity
 * follows the device's UNIT ATTENTION "capacity data has changed" (scsi_debug
 * raises it when `virtual_gb` changes), and a client that goes away while
 * its command hangs in the kernel ends that request at once: its lane is
 * retired and the next request on the device is answered without waiting.
 */
import { ScsiDebugOpts, clearFaults, injectFault, reloadScsiDebug, requireLab, setScsiDebugParam } from '@sgio/lab';
import { SgDevice, configureWorkerPool } from '@sgio/core';
import { testUnitReady } from '@sgio/struct';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './config/load.js';
import { startServer, type RunningServer } from './server.js';
import { loopbackUp } from './test-support/lab-server.js';

requireLab('The sgiod lifetimes lab test');

const READ = 'lab-lifetimes-token-0123456789abcdef';
const PORT = 7395;
let server: RunningServer;
const url = `http://127.0.0.1:${PORT}`;
const get = (path: string, signal?: AbortSignal) => fetch(url + path, { headers: { authorization: `Bearer ${READ}` }, ...(signal ? { signal } : {}) });
async function blocksOf(): Promise<string> {
  const r = await get('/v1/devices/sg0');
  const body = (await r.json()) as { capacity?: { blocks: string } };
  expect(r.status, JSON.stringify(body)).toBe(200);
  return body.capacity!.blocks;
}

beforeAll(async () => {
  loopbackUp();
  await reloadScsiDebug('default');
  // start two worker threads before the server (a thread takes seconds to start in the lab guest, more than a request's deadline)
  {
    configureWorkerPool({ idleTimeoutMs: 120_000 });
    await using dev = await SgDevice.open('/dev/sg0', { readOnly: true });
    await Promise.all([dev.execute(testUnitReady, {}, { retry: { unitAttention: 3 } }), dev.execute(testUnitReady, {}, { retry: { unitAttention: 3 } })]);
  }
  // read-only: commands run SG_IO on the worker pool; one lane, so a stuck lane would hold up every request
  server = await startServer(resolveConfig({ port: PORT, allow: ['/dev/sg0'], concurrency: 1, requestTimeoutMs: 5000, logLevel: 'silent', tokens: [{ name: 'r', token: READ, scopes: ['read'] }] }));
}, 120_000);

afterAll(async () => {
  clearFaults();
  setScsiDebugParam('virtual_gb', 0);
  await server?.close();
  configureWorkerPool({ idleTimeoutMs: 5000 });
  await reloadScsiDebug('default');
}, 120_000);

describe('the cached capacity', () => {
  it('is dropped when the device reports that its capacity changed (UA 2Ah/09h), so the next GET sees the new size', async () => {
    expect(await blocksOf()).toBe('131072'); // 64 MiB of 512-byte blocks, now cached
    setScsiDebugParam('virtual_gb', 1); // scsi_debug now reports 1 GiB and raises the unit attention
    expect(await blocksOf()).toBe('131072'); // no command has met the unit attention yet: the cache stands
    // the next command meets the unit attention (retried away); the cache is dropped
    const read = await get('/v1/devices/sg0/blocks?lba=0&count=1');
    expect(read.status).toBe(200);
    expect((await read.arrayBuffer()).byteLength).toBe(512);
    expect(await blocksOf()).toBe(String((1024 * 1024 * 1024) / 512));
    // a block past the old end is now in range
    expect((await get('/v1/devices/sg0/blocks?lba=200000&count=1')).status).toBe(200);
    setScsiDebugParam('virtual_gb', 0);
    expect((await get('/v1/devices/sg0/blocks?lba=0&count=1')).status).toBe(200);
    expect(await blocksOf()).toBe('131072');
  });
});

describe('a client that goes away while its command hangs', () => {
  it('ends its request at once; the next request on the device is answered without waiting for the hung command', async () => {
    expect((await get('/v1/devices/sg0/blocks?lba=0&count=1')).status).toBe(200);
    injectFault({ everyNth: 1, opts: ScsiDebugOpts.timeout });
    const controller = new AbortController();
    const hung = get('/v1/devices/sg0/blocks?lba=0&count=8', controller.signal).then(
      (r) => r.arrayBuffer(),
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300)); // the READ is in the kernel, ignored by scsi_debug
    clearFaults();
    controller.abort();
    expect(await hung).toBeInstanceOf(Error);
    const started = performance.now();
    const next = await get('/v1/devices/sg0/blocks?lba=0&count=8');
    expect(next.status).toBe(200);
    expect((await next.arrayBuffer()).byteLength).toBe(8 * 512);
    // the hung READ lasts until its 5 s SCSI timeout; the next request did not wait for it
    expect(performance.now() - started).toBeLessThan(2000);
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toMatch(/sgiod_/);
  });
});
