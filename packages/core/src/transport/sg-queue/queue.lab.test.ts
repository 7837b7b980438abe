/**
 * The async queue on the real sg driver: commands overlap in the driver, the
 * event loop stays responsive under 10,000 commands, an aborted command's
 * late completion is discarded, close() while commands are in flight, and no
 * leaks (fds, mappings, memory) after 10,000 commands in every mode.
 */
import { readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { firstDevice, requireLab, setScsiDebugDelay } from '@sgio/lab';
import { read16, testUnitReady, write16 } from '@sgio/struct';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SgDevice } from '../../device/sg-device.js';
import { CommandTimeoutError } from '../../errors/scsi-errors.js';
import { CommandCanceledError, RequestInKernelError } from '../../errors/sgio-error.js';
import type { TransferMode } from '../../execute/options.js';

requireLab('The async queue lab test');

const BLOCK = { blockSize: 512 };
const ALLOW_DIO = '/sys/module/sg/parameters/allow_dio';
const allowDioAtStart = readFileSync(ALLOW_DIO, 'utf8').trim();
/**
 * Sets scsi_debug's `delay` (one jiffy is 10 ms on the lab kernel, HZ=100).
 * scsi_debug refuses a change (EBUSY) while it holds commands: retry briefly.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let dev: SgDevice;
let path: string;

beforeAll(async () => {
  path = firstDevice().path;
  // this file is about the sg queue: the device must not send its commands through the bsg ring
  dev = await SgDevice.open(path, { via: 'sg' });
  await dev.execute(testUnitReady);
  // distinct contents per block, to tell completions apart
  const data = new Uint8Array(64 * 512);
  for (let b = 0; b < 64; b++) data.fill(b + 1, b * 512, (b + 1) * 512);
  await dev.execute(write16, { lba: 0n, transferLength: 64 }, { ...BLOCK, data });
});

afterEach(async () => {
  await setScsiDebugDelay(0);
});

afterAll(async () => {
  await dev.close();
  writeFileSync(ALLOW_DIO, allowDioAtStart);
  await setScsiDebugDelay(0);
});

/** Waits, by loop turns rather than milliseconds, until `device` has `n` commands in flight. */
async function untilInFlight(device: SgDevice, n: number): Promise<void> {
  for (let turn = 0; turn < 10_000 && device.queueStats().inFlight < n; turn++) await new Promise((r) => setImmediate(r));
  expect(device.queueStats().inFlight).toBe(n);
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

describe('overlap', () => {
  it('16 commands with a 100 ms device delay finish in about the time of one; the driver shows them outstanding', async () => {
    await setScsiDebugDelay(10);
    const read = (lba: number): Promise<number> => dev.execute(read16, { lba: BigInt(lba), transferLength: 1 }, BLOCK).then((r) => r.data![0]!);
    await read(0); // warm up (the first poll starts a worker thread)
    const [, one] = await timed(() => read(0));
    const [values, sixteen] = await timed(async () => {
      const all = Promise.all(Array.from({ length: 16 }, (_, i) => read(i)));
      await untilInFlight(dev, 16);
      const table = dev.requestTable();
      expect(table.filter((e) => e.reqState === 1).length).toBeGreaterThanOrEqual(8);
      expect(dev.queueStats().inFlight).toBe(16);
      expect(dev.numWaiting()).toBe(0);
      return all;
    });
    expect(values).toEqual(Array.from({ length: 16 }, (_, i) => i + 1)); // every command got its own data
    const [, thirtyTwo] = await timed(() => Promise.all(Array.from({ length: 32 }, (_, i) => read(i))));
    console.log(`overlap: 1 command ${one.toFixed(0)} ms, 16 commands ${sixteen.toFixed(0)} ms, 32 commands ${thirtyTwo.toFixed(0)} ms`);
    expect(one).toBeGreaterThan(0.8 * 100); // a lower bound from the device's own 100 ms delay: a slow host only adds
    expect(sixteen).toBeLessThan(one * 2);
    expect(thirtyTwo).toBeLessThan(one * 3.5); // 16 at a time, the JS queue holds the rest
    expect(dev.queueStats().maxInFlight).toBe(16);
  });
});

describe('event loop', () => {
  it('a 2 ms timer keeps firing while 10,000 commands run (no starvation by completions)', async () => {
    const buf = new Uint8Array(512);
    // The same timer on an idle loop first: its lateness on this machine is the baseline.
    const idle: number[] = [];
    await new Promise<void>((resolve) => {
      let prev = performance.now();
      const t = setInterval(() => {
        const now = performance.now();
        idle.push(now - prev - 2);
        prev = now;
        if (idle.length === 200) {
          clearInterval(t);
          resolve();
        }
      }, 2);
    });
    idle.sort((a, b) => a - b);
    const base = (p: number): number => Math.max(0, idle[Math.min(idle.length - 1, Math.floor(p * idle.length))]!);
    const lateness: number[] = [];
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      lateness.push(now - last - 2);
      last = now;
    }, 2);
    const t0 = performance.now();
    // half at queue depth 1 (a plain await loop), half submitted at once
    for (let i = 0; i < 5000; i++) await dev.execute(read16, { lba: BigInt(i & 63), transferLength: 1 }, { ...BLOCK, receive: buf });
    const half = lateness.length;
    await Promise.all(Array.from({ length: 5000 }, (_, i) => dev.execute(read16, { lba: BigInt(i & 63), transferLength: 1 }, BLOCK)));
    const elapsed = performance.now() - t0;
    const maxOf = (a: number[]): number => Math.max(0, ...a);
    clearInterval(timer);
    const q = (p: number): number => lateness[Math.min(lateness.length - 1, Math.floor(p * lateness.length))]!;
    const halves = `max at QD1 ${maxOf(lateness.slice(0, half)).toFixed(2)} ms, max with 5,000 queued ${maxOf(lateness.slice(half)).toFixed(2)} ms`;
    lateness.sort((a, b) => a - b);
    console.log(
      `event loop: 10,000 commands in ${elapsed.toFixed(0)} ms; ${lateness.length} ticks of a 2 ms timer, lateness p50 ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${q(1).toFixed(2)} ms (${halves})`,
    );
    // without yielding, the timer would not fire at all until the last command (lateness = the whole run);
    // the bounds leave room for the lab's 10 ms timer tick, garbage collection and a busy host
    // bounds from this run: the idle baseline plus the time of a few commands (elapsed / 10,000 each)
    const perCommand = elapsed / 10_000;
    console.log(`event loop: idle baseline p50 ${base(0.5).toFixed(2)} ms, p90 ${base(0.9).toFixed(2)} ms; ${perCommand.toFixed(3)} ms per command`);
    expect(lateness.length).toBeGreaterThan(elapsed / 20);
    expect(q(0.5)).toBeLessThan(2 * base(0.5) + 20 * perCommand);
    expect(q(0.9)).toBeLessThan(3 * base(0.9) + 150 * perCommand);
    expect(q(1)).toBeLessThan(elapsed / 3);
    expect(dev.queueStats().yields).toBeGreaterThan(100); // the queue handed the loop back every BURST completions
  });
});

describe('abort', () => {
  it('an aborted in-flight command rejects at once; its late completion is drained and never delivered to a later command', async () => {
    await setScsiDebugDelay(10);
    const [, one] = await timed(() => dev.execute(read16, { lba: 5n, transferLength: 1 }, BLOCK)); // 100 ms device delay, measured
    const ac = new AbortController();
    const aborted = dev.execute(read16, { lba: 5n, transferLength: 1 }, { ...BLOCK, signal: ac.signal });
    await untilInFlight(dev, 1);
    const before = dev.queueStats().discarded;
    ac.abort(new Error('user gave up'));
    const [e, ms] = await timed(() => aborted.catch((x: unknown) => x));
    expect(e).toBeInstanceOf(CommandCanceledError);
    expect((e as CommandCanceledError).reason).toBe('aborted');
    expect(ms).toBeLessThan(one / 5); // at once, not when the device answers
    // the next commands reuse the queue while the aborted one is still outstanding
    expect(dev.queueStats().inFlight).toBe(1);
    const later = await Promise.all([9, 10, 11].map((lba) => dev.execute(read16, { lba: BigInt(lba), transferLength: 1 }, BLOCK)));
    expect(later.map((r) => r.data![0])).toEqual([10, 11, 12]);
    expect(dev.queueStats().discarded).toBe(before + 1);
    expect(dev.queueStats().inFlight).toBe(0);
    // aborting waiting commands (behind 16 in flight) removes them without submitting
    const ac2 = new AbortController();
    const burst = Array.from({ length: 24 }, (_, i) => dev.execute(read16, { lba: BigInt(i), transferLength: 1 }, { ...BLOCK, signal: ac2.signal }).then(() => 'ok', (x: unknown) => (x instanceof CommandCanceledError ? x.reason : String(x))));
    const submittedBefore = dev.queueStats().submitted;
    ac2.abort();
    expect(await Promise.all(burst)).toEqual(Array.from({ length: 24 }, () => 'aborted'));
    await setScsiDebugDelay(0);
    await dev.execute(testUnitReady);
    expect(dev.queueStats().submitted - submittedBefore).toBe(1); // only the TEST UNIT READY: the 8 waiting ones never went out
    expect(dev.queueStats().inFlight).toBe(0);
  });
});

describe('a prepared request whose run outlived the JS-side deadline', () => {
  it('cannot run again while the driver holds that run (RequestInKernelError); once it is returned, it reads its own data', async () => {
    await setScsiDebugDelay(150); // 1.5 s
    const req = dev.prepare(read16, { lba: 5n, transferLength: 1 }, { ...BLOCK, receive: 512, timeout: 30_000 });
    // the JS side gives up after the timeout and a grace: a faked clock jumps past that while the driver holds the run
    vi.useFakeTimers({ toFake: ['performance'] });
    let first: unknown;
    try {
      const pending = req.submit().catch((e: unknown) => e);
      await untilInFlight(dev, 1);
      // a quiet poll stamps the deadline; the next one, after the jump, finds it passed
      await new Promise((r) => setTimeout(r, 250));
      vi.advanceTimersByTime(40_000);
      first = await pending;
    } finally {
      vi.useRealTimers();
    }
    expect(first).toBeInstanceOf(CommandTimeoutError);
    expect(dev.queueStats().inFlight, 'the driver still holds the run').toBe(1);
    // the driver would write that run's data into the request's buffer when it is read: no new run before that
    await expect(req.submit()).rejects.toBeInstanceOf(RequestInKernelError);
    expect(() => req.run()).toThrow(RequestInKernelError);
    for (let i = 0; i < 500 && dev.queueStats().inFlight > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(dev.queueStats().inFlight).toBe(0);
    await setScsiDebugDelay(0);
    await req.submit();
    expect(req.data![0]).toBe(6);
    expect(req.run().transferred).toBe(512);
  });
});

describe('close while commands are in flight', () => {
  it('rejects them with a canceled error: indirect at once, direct IO once its pinned pages are released', async () => {
    writeFileSync(ALLOW_DIO, '1');
    const other = await SgDevice.open(path, { via: 'sg' });
    await setScsiDebugDelay(10);
    const [, one] = await timed(() => other.execute(read16, { lba: 0n, transferLength: 8 }, BLOCK)); // 100 ms device delay, measured
    const outcome = (p: Promise<unknown>): Promise<[string, number]> =>
      p.then(
        () => ['ok', performance.now()],
        (x: unknown) => [x instanceof CommandCanceledError ? x.reason : String(x), performance.now()],
      );
    const indirect = Array.from({ length: 6 }, (_, i) => outcome(other.execute(read16, { lba: BigInt(i), transferLength: 8 }, BLOCK)));
    const direct = Array.from({ length: 4 }, (_, i) => outcome(other.execute(read16, { lba: BigInt(i), transferLength: 8 }, { ...BLOCK, transfer: 'direct' })));
    const waiting = Array.from({ length: 10 }, (_, i) => outcome(other.execute(read16, { lba: BigInt(i), transferLength: 8 }, BLOCK)));
    await untilInFlight(other, 16);
    const t0 = performance.now();
    const closing = other.close();
    const [ind, dir, wai] = await Promise.all([Promise.all(indirect), Promise.all(direct), Promise.all(waiting)]);
    await closing;
    for (const [reason] of [...ind, ...dir, ...wai]) expect(reason).toBe('closed');
    const lastIndirect = Math.max(...ind.map(([, t]) => t)) - t0;
    const firstDirect = Math.min(...dir.map(([, t]) => t)) - t0;
    console.log(`close: one command ${one.toFixed(0)} ms; indirect rejected after ${lastIndirect.toFixed(0)} ms, direct after ${firstDirect.toFixed(0)} ms`);
    expect(lastIndirect).toBeLessThan(one / 4); // at once
    expect(firstDirect).toBeGreaterThan(one / 3); // waited for the device to release the pinned pages
    expect(other.closed).toBe(true);
    await other.close();
  });
});

describe('no leaks', () => {
  const sgFds = (): string[] =>
    readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      })
      .filter((t) => t.startsWith('/dev/sg'));
  const fdCount = (): number => readdirSync('/proc/self/fd').length;
  const sgMaps = (): number => readFileSync('/proc/self/maps', 'utf8').split('\n').filter((l) => l.includes('/dev/sg')).length;
  const memory = (): number => {
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };

  async function round(mode: TransferMode, n: number): Promise<void> {
    const d = await SgDevice.open(path, mode === 'mmap' ? { reservedSize: 64 * 1024, via: 'sg' } : { via: 'sg' });
    if (mode === 'mmap') d.mapReservedBuffer();
    const buf = new Uint8Array(4096);
    const opts = { ...BLOCK, transfer: mode, ...(mode === 'mmap' ? {} : { receive: buf }) };
    for (let i = 0; i < n; i++) d.executeSync(read16, { lba: BigInt(i & 63), transferLength: 8 }, opts);
    for (let i = 0; i < n / 2; i++) await d.execute(read16, { lba: BigInt(i & 63), transferLength: 8 }, opts);
    await Promise.all(Array.from({ length: n / 2 }, (_, i) => d.execute(read16, { lba: BigInt(i & 63), transferLength: 8 }, { ...BLOCK, transfer: mode })));
    await d.close();
  }

  it('after 10,000 commands in every mode (indirect, direct, mmap; sync and async) fds, mappings and memory are as before', async () => {
    writeFileSync(ALLOW_DIO, '1');
    const modes: TransferMode[] = ['indirect', 'direct', 'mmap'];
    for (const mode of modes) await round(mode, 1000); // warm up: JIT, the poll worker
    const fds0 = fdCount();
    const sg0 = sgFds();
    const maps0 = sgMaps();
    const mem0 = memory();
    for (const mode of modes) await round(mode, 10_000);
    const mem1 = memory();
    console.log(`leaks: fds ${fds0} -> ${fdCount()}, sg mappings ${maps0} -> ${sgMaps()}, heap+buffers ${(mem0 / 1e6).toFixed(1)} MB -> ${(mem1 / 1e6).toFixed(1)} MB`);
    expect(sgFds()).toEqual(sg0);
    expect(fdCount()).toBe(fds0);
    expect(sgMaps()).toBe(maps0);
    expect(mem1 - mem0).toBeLessThan(4e6);
  });
});
