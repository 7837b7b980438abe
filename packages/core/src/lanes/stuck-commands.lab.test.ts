/**
 * Commands the kernel keeps (a hung device, an abandoned command) on the
 * real sg driver: a hung read-only device holds at most its per-device cap
 * of worker-pool threads, so a healthy device beside it keeps answering;
 * a command given up on (aborted, or past a deadline signal shorter than
 * its SCSI timeout) settles at once with a typed error and its lane is
 * retired (SgLanes) or simply free (BsgLanes over io_uring, whose ring takes
 * the next command beside the stuck one), so the next command on the
 * device runs without waiting for it.
 *
 * scsi_debug's `opts` timeout bit with `every_nth=1` makes the driver
 * ignore every command (the midlayer aborts it after its timeout); the
 * faults are global, so they are cleared once the commands meant to hang
 * are in the kernel: ignored commands stay ignored, new ones are answered.
 * Two scsi_debug hosts keep the midlayer's error handling of the hung
 * device off the healthy one.
 */
import { readFileSync } from 'node:fs';
import { asyncPoolStats, getpidAsync, shutdownAsync } from '@sgio/libc';
import { ScsiDebugOpts, clearFaults, injectFault, reloadScsiDebug, requireLab, type LabDevice } from '@sgio/lab';
import { read16, testUnitReady } from '@sgio/struct';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SgDevice } from '../device/sg-device.js';
import { CommandCanceledError } from '../errors/sgio-error.js';
import { CommandTimeoutError } from '../errors/scsi-errors.js';
import { configureWorkerPool, workerCallsPerDevice } from '../transport/sg-io-worker/worker-pool-config.js';
import { BsgDevice } from '../device/bsg-device.js';
import { TransportUnavailableError } from '../errors/sgio-error.js';
import type { UringTransport } from '../transport/io-uring/uring-transport.js';
import { BsgLanes } from './bsg-lanes.js';
import { SgLanes } from './sg-lanes.js';
import { caught } from '../test-support/caught.js';

requireLab('The stuck-commands lab test');

const BLOCK = { blockSize: 512 };
/** The SCSI timeout of the commands meant to hang: the midlayer ends them after it. */
const HANG_MS = 3000;
let devices: LabDevice[];

async function until(what: string, test: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  devices = await reloadScsiDebug({ dev_size_mb: 64, sector_size: 512, delay: 0, add_host: 2 });
  for (const d of devices) {
    await using dev = await SgDevice.open(d.path);
    await dev.execute(testUnitReady); // takes the power-on UNIT ATTENTION
  }
  await shutdownAsync(); // start from an empty pool: idle threads of earlier tests are not part of this count
  // start the threads now: starting one takes seconds in the lab guest, which would be counted as the healthy device's time
  configureWorkerPool({ idleTimeoutMs: 120_000 });
  await Promise.all(Array.from({ length: 6 }, () => getpidAsync()));
}, 120_000);

afterAll(async () => {
  clearFaults();
  configureWorkerPool({ threads: 16, perDevice: 8, idleTimeoutMs: 5000 });
  await reloadScsiDebug('default');
});

describe('a hung read-only device beside a healthy one', () => {
  it('holds at most its per-device cap of pool threads; the healthy device keeps answering', async () => {
    configureWorkerPool({ threads: 16, perDevice: 4 });
    const cap = workerCallsPerDevice();
    await using hung = await SgLanes.open(devices[0]!.path, { lanes: 16, readOnly: true, reservedSize: 64 * 1024 });
    // the worker pool's per-device cap is the subject: the healthy device's commands go there too, not to its bsg ring
    await using healthy = await SgDevice.open(devices[1]!.path, { readOnly: true, via: 'sg' });
    injectFault({ everyNth: 1, opts: ScsiDebugOpts.timeout });
    const stuck = Array.from({ length: 16 }, (_, i) =>
      hung.read(i, 1, { timeout: HANG_MS }).then(
        (r) => r,
        (e: unknown) => e,
      ),
    );
    // in the pool is not yet in the kernel: a worker takes a moment to issue its ioctl, and a command that reaches
    // scsi_debug after clearFaults() is answered (CI once counted 3 timeouts for 4). Wait for the device's own count.
    const atDevice = (): number => Number(readFileSync(`/sys/class/scsi_device/${devices[0]!.hctl}/device/device_busy`, 'utf8'));
    await until('the capped calls to reach the device', () => asyncPoolStats().busy === cap && atDevice() === cap);
    expect(asyncPoolStats().threads).toBeLessThan(16); // the pool has room left for the healthy device
    clearFaults(); // the capped calls stay ignored; everything sent from now on is answered
    expect(hung.stats().busy).toBe(16); // every lane has a command: 4 in the kernel, 12 waiting at the gate

    const started = performance.now();
    let peakBusy = 0;
    const each: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const r = await healthy.execute(read16, { lba: BigInt(i), transferLength: 1 }, BLOCK);
      each.push(Math.round(performance.now() - t));
      expect(r.data?.length).toBe(512);
      peakBusy = Math.max(peakBusy, asyncPoolStats().busy);
    }
    const healthyMs = performance.now() - started;
    // 20 reads while the hung device still holds its calls: far less than one hung command's time
    expect(healthyMs, `each read took ${each.join(', ')} ms; pool ${JSON.stringify(asyncPoolStats())}`).toBeLessThan(HANG_MS / 2);
    expect(peakBusy).toBeLessThanOrEqual(cap + 1);
    expect(asyncPoolStats().threads).toBeGreaterThan(cap); // a thread beside the hung device's served the healthy one

    // the hung calls end by the midlayer's timeout; the waiting ones then run and succeed
    const outcomes = await Promise.all(stuck);
    const timedOut = outcomes.filter((o) => o instanceof CommandTimeoutError).length;
    const errors = outcomes.filter((o) => o instanceof Error && !(o instanceof CommandTimeoutError));
    expect(errors).toEqual([]);
    expect(timedOut).toBe(cap);
    expect(outcomes.filter((o) => !(o instanceof Error)).length).toBe(16 - cap);
    expect(asyncPoolStats().busy).toBe(0);
  });
});

/**
 * How a caller gives up on a command the device ignores: its own
 * AbortSignal (a client that went away), or a deadline signal shorter than
 * the SCSI timeout (what sgiod passes: `AbortSignal.timeout`). Either way
 * the command stays in the kernel until the midlayer's timeout.
 */
const GIVING_UP = [
  { how: 'an aborted command', start: () => new AbortController(), cause: /client went away/ },
  { how: 'a command past its deadline', start: () => ({ signal: AbortSignal.timeout(400), abort: () => undefined }), cause: /timeout|aborted/i },
] as const;

/**
 * Sends one command that scsi_debug ignores (`submit`, with the case's signal), waits until `inKernel` says the
 * kernel has it, clears the fault and gives up on it as `gaveUp` says; checks that it settled at once with a
 * canceled error. Returns when it was submitted.
 */
async function giveUpOnOne(gaveUp: (typeof GIVING_UP)[number], submit: (signal: AbortSignal) => Promise<unknown>, inKernel: () => boolean): Promise<number> {
  injectFault({ everyNth: 1, opts: ScsiDebugOpts.timeout });
  const controller = gaveUp.start();
  const submittedAt = performance.now();
  const pending = caught(submit(controller.signal));
  await until('the command to reach the kernel', inKernel);
  await new Promise((r) => setTimeout(r, 50));
  clearFaults(); // the stuck command stays ignored; everything sent from now on is answered
  const abortedAt = performance.now();
  controller.abort(new Error('client went away'));
  const e = (await pending) as CommandCanceledError;
  const settledAt = performance.now();
  if (gaveUp.how === 'an aborted command') expect(settledAt - abortedAt).toBeLessThan(250);
  expect(e).toBeInstanceOf(CommandCanceledError);
  expect(e.code).toBe('ERR_CANCELED');
  expect(e.reason).toBe('aborted');
  expect(String((e.cause as Error | undefined)?.message ?? e.cause)).toMatch(gaveUp.cause);
  // at once after the abort, or at the deadline: long before the kernel's own timeout ends the command
  expect(settledAt - submittedAt).toBeLessThan(HANG_MS / 2);
  return submittedAt;
}

describe.each([
  { mode: 'read-write (sg queue)', readOnly: false },
  { mode: 'read-only (SG_IO on the worker pool)', readOnly: true },
])('$mode lanes', ({ readOnly }) => {
  it.each(GIVING_UP)('$how settles at once with a canceled error; the lane is retired and the next command runs without waiting', async (gaveUp) => {
    const lanes = await SgLanes.open(devices[0]!.path, { lanes: 1, readOnly, reservedSize: 64 * 1024 });
    await lanes.read(0, 1);
    const stuckLane = lanes.lane(0);
    await giveUpOnOne(gaveUp, (signal) => lanes.read(0, 8, { signal, timeout: HANG_MS, retry: false }), () => stuckLane.queueStats().inFlight === 1);

    // the stuck command is still in the kernel; the next one goes to a fresh fd and is answered at once
    const nextAt = performance.now();
    const next = await lanes.read(0, 8);
    expect(next.data?.length).toBe(8 * 512);
    expect(performance.now() - nextAt).toBeLessThan(HANG_MS / 2);
    expect(lanes.lane(0)).not.toBe(stuckLane);
    expect(lanes.stats().retired).toBe(1);
    expect(stuckLane.closed).toBe(true);

    // close() waits for the retired fd (a read-only one until its call returns): nothing is left behind
    await lanes.close();
    expect(asyncPoolStats().busy).toBe(0);
  });
});

describe('read-only bsg lanes over io_uring', () => {
  it.each(GIVING_UP)('$how settles at once with a canceled error; the lane is free at once, the next command runs beside the stuck one, and close() waits for the kernel to give it back', async (gaveUp) => {
    const probe = await BsgDevice.open(devices[0]!.path, { readOnly: true });
    const uring = probe.transport.capabilities.kind === 'bsg-uring';
    await probe.close();
    if (!uring) {
      // this kernel's bsg has no io_uring handler: openLanes keeps read-only lanes on the sg node (tested above)
      expect(await caught(BsgLanes.open(devices[0]!.path, { readOnly: true, transport: 'io_uring' }))).toBeInstanceOf(TransportUnavailableError);
      return;
    }
    const lanes = await BsgLanes.open(devices[0]!.path, { lanes: 1, readOnly: true, transport: 'io_uring' });
    const ring = lanes.device.transport as UringTransport;
    await lanes.withLane((device) => device.readBlocks(0n, 1, BLOCK));
    const submittedAt = await giveUpOnOne(
      gaveUp,
      (signal) => lanes.withLane((device) => device.execute(read16, { lba: 0n, transferLength: 8 }, { ...BLOCK, signal, timeout: HANG_MS, retry: false })),
      () => ring.state().inFlight === 1,
    );

    // the stuck command is still in the kernel (its buffers held by the transport); the next one runs beside it on the same fd
    expect(ring.state().inFlight).toBe(1);
    const nextAt = performance.now();
    const next = await lanes.withLane((device) => device.readBlocks(0n, 8, BLOCK));
    expect(next.length).toBe(8 * 512);
    expect(performance.now() - nextAt).toBeLessThan(HANG_MS / 2);
    expect(lanes.stats()).toMatchObject({ busy: 0, retired: 0 });

    // close() returns once the midlayer has ended the stuck command (its SCSI timeout) and the ring gave it back
    await lanes.close();
    expect(performance.now() - submittedAt).toBeGreaterThanOrEqual(HANG_MS - 100);
    expect(ring.state().inFlight).toBe(0);
  }, 30_000);
});
