/**
 * A completion that throws still settles its promise, on every asynchronous
 * path, and leaves the transport usable: the error reaches the caller (never
 * swallowed by the shared poller or the worker pool, never a promise that
 * waits forever), the slot is handed back, and the next command runs.
 *
 * Building the result is the one step of a completion that runs code which
 * could throw (copying out of the mapping, decoding); this test makes it
 * throw on demand by wrapping `buildResult`. A command listener that throws
 * is the other case a user can cause: it must not change the result.
 */
import { requireLab, firstDevice } from '@sgio/lab';
import { read16, testUnitReady } from '@sgio/struct';
import { asyncPoolStats } from '@sgio/libc';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BsgDevice } from '../device/bsg-device.js';
import type * as BuildResult from '../execute/build-result.js';
import { SgDevice } from '../device/sg-device.js';

requireLab('The completion-errors lab test');

const inject = vi.hoisted(() => ({ failures: 0, thrown: 0 }));

vi.mock('../execute/build-result.js', async (importOriginal) => {
  const real = await importOriginal<typeof BuildResult>();
  return {
    ...real,
    buildResult: (...args: Parameters<typeof real.buildResult>) => {
      if (inject.failures > 0) {
        inject.failures--;
        inject.thrown++;
        throw new RangeError('injected: building the result failed');
      }
      return real.buildResult(...args);
    },
  };
});

const BLOCK = 512;
const READ = { lba: 0n, transferLength: 8 } as const;
const OPTIONS = { blockSize: BLOCK, receive: 8 * BLOCK, retry: false } as const;
let path: string;

/** The promise's outcome, or a 'still pending' marker after `ms`: a promise that never settles fails the test instead of hanging it. */
async function settleWithin<T>(p: Promise<T>, ms = 5000): Promise<{ value?: T; error?: unknown; pending?: true }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ pending: true }>((resolve) => {
    timer = setTimeout(() => resolve({ pending: true }), ms);
  });
  try {
    return await Promise.race([p.then((value) => ({ value }), (error: unknown) => ({ error })), late]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(() => {
  path = firstDevice().path;
});

afterEach(() => {
  inject.failures = 0;
  inject.thrown = 0;
});

type Opened = SgDevice | BsgDevice;

/** Commands the transport still counts as in flight (bsg runs SG_IO on the worker pool: its busy threads). */
function inFlight(dev: Opened): number {
  return dev instanceof SgDevice ? dev.queueStats().inFlight : asyncPoolStats().busy;
}

describe.each([
  { transport: 'the sg queue (read-write fd)', open: (): Promise<Opened> => SgDevice.open(path), mmap: true },
  { transport: 'SG_IO on the worker pool (read-only fd)', open: (): Promise<Opened> => SgDevice.open(path, { readOnly: true }), mmap: false },
  { transport: 'bsg', open: (): Promise<Opened> => BsgDevice.open(path), mmap: false },
])('a completion that throws on $transport', ({ open, mmap }) => {
  it('rejects the command with the error, frees its slot, and the next command runs', async () => {
    await using dev = await open();
    await dev.execute(testUnitReady);
    inject.failures = 1;
    const failed = await settleWithin(dev.execute(read16, READ, OPTIONS));
    expect(failed.pending).toBeUndefined();
    expect(failed.error).toBeInstanceOf(RangeError);
    expect((failed.error as Error).message).toMatch(/injected/);
    expect(inject.thrown).toBe(1);
    expect(inFlight(dev)).toBe(0);

    const next = await settleWithin(dev.execute(read16, READ, OPTIONS));
    expect(next.error).toBeUndefined();
    expect(next.value?.data?.length).toBe(8 * BLOCK);
  });

  // the worker pool starts a thread per concurrent call, and a thread start takes seconds in the lab guest: a minute tells slow from never
  it('settles every one of 16 concurrent commands when half of their completions throw', { timeout: 120_000 }, async () => {
    await using dev = await open();
    if (mmap && dev instanceof SgDevice) dev.mapReservedBuffer();
    await dev.execute(testUnitReady);
    inject.failures = 8;
    const all = await settleWithin(
      Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          dev.execute(read16, { lba: BigInt(i * 8), transferLength: 8 }, { ...OPTIONS, ...(mmap && i % 2 === 0 ? { transfer: 'mmap' as const } : {}) }).then(
            (r) => r.data?.length,
            (e: unknown) => (e instanceof RangeError ? 'injected' : e),
          ),
        ),
      ),
      60_000,
    );
    expect(all.pending).toBeUndefined();
    const outcomes = all.value!;
    expect(outcomes.filter((o) => o === 'injected').length).toBe(8);
    expect(outcomes.filter((o) => o === 8 * BLOCK).length).toBe(8);
    expect(inFlight(dev)).toBe(0);
    expect(asyncPoolStats().busy).toBe(0);
  });
});

describe('a prepared request whose completion throws (sg queue, with a command listener that needs the full result)', () => {
  it('rejects with the error and can be submitted again', async () => {
    await using dev = await SgDevice.open(path);
    dev.addCommandListener(() => undefined);
    const request = dev.prepare(read16, READ, { ...OPTIONS, receive: new Uint8Array(8 * BLOCK) });
    inject.failures = 1;
    const failed = await settleWithin(request.submit());
    expect(failed.error).toBeInstanceOf(RangeError);
    const again = await settleWithin(request.submit());
    expect(again.error).toBeUndefined();
    expect(again.value?.transferred).toBe(8 * BLOCK);
  });
});

describe('a command listener that throws', () => {
  it('does not change what the command returns, on the queue and synchronously', async () => {
    await using dev = await SgDevice.open(path);
    let calls = 0;
    dev.addCommandListener(() => {
      calls++;
      throw new Error('a broken trace hook');
    });
    const r = await settleWithin(dev.execute(read16, READ, OPTIONS));
    expect(r.error).toBeUndefined();
    expect(r.value?.data?.length).toBe(8 * BLOCK);
    expect(dev.executeSync(read16, READ, OPTIONS).data?.length).toBe(8 * BLOCK);
    expect(calls).toBe(2);
  });
});
