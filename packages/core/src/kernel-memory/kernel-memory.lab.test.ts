/**
 * Memory handed to the kernel stays reachable until the kernel is done with
 * it, on every asynchronous path of the library: commands are submitted
 * with buffers the caller keeps no reference to, full garbage collections
 * run while the commands are in flight (scsi_debug answers after a delay),
 * and then the data must be right and the watched buffers must not have
 * been collected before completion. A freed CDB, sense or data buffer shows
 * here as wrong data, a watched buffer collected early, or a crash.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { firstDevice, requireLab, setScsiDebugDelay, setScsiDebugTiming } from '@sgio/lab';
import { SG_DXFER_FROM_DEV, read16, testUnitReady, write16 } from '@sgio/struct';
import { asyncPoolStats, close, configureAsync, pipe, readAsync, shutdownAsync, tryRead, tryWrite, write } from '@sgio/libc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BsgDevice } from '../device/bsg-device.js';
import { SgDevice } from '../device/sg-device.js';
import { SgLanes } from '../lanes/sg-lanes.js';
import { CommandCanceledError } from '../errors/sgio-error.js';
import { GcWatch, collectGarbage } from '../test-support/gc-watch.js';
import { SgIoHeader } from './sg-io-header.js';

requireLab('The kernel-memory lab test');

const BLOCK = 512;
const COMMANDS = 8;
/** scsi_debug's answer delay in jiffies (10 ms each in the lab's kernel): longer than two forced collections in the guest. */
const DELAY_JIFFIES = 100; // one second at the guest's HZ=100: two full collections fit inside it even on a loaded host
const BLOCKS_PER_COMMAND = 8;
const ALLOW_DIO = '/sys/module/sg/parameters/allow_dio';
const allowDioAtStart = readFileSync(ALLOW_DIO, 'utf8').trim();
let path: string;

/** The pattern of block `lba`: its LBA's low byte, plus a salt. */
function blockPattern(lba: number, salt: number): Uint8Array {
  return new Uint8Array(BLOCK).fill((lba + salt) & 0xff);
}

function expectBlocks(data: Uint8Array | undefined, lba: number, salt: number): void {
  expect(data).toBeDefined();
  for (let b = 0; b < BLOCKS_PER_COMMAND; b++) {
    const first = data![b * BLOCK];
    const last = data![b * BLOCK + BLOCK - 1];
    expect([first, last]).toEqual([(lba + b + salt) & 0xff, (lba + b + salt) & 0xff]);
  }
}

/** Writes the pattern of `salt` to the first COMMANDS * BLOCKS_PER_COMMAND blocks, synchronously. */
function writePattern(dev: SgDevice, salt: number): void {
  for (let c = 0; c < COMMANDS; c++) {
    const lba = c * BLOCKS_PER_COMMAND;
    const data = new Uint8Array(BLOCK * BLOCKS_PER_COMMAND);
    for (let b = 0; b < BLOCKS_PER_COMMAND; b++) data.set(blockPattern(lba + b, salt), b * BLOCK);
    dev.executeSync(write16, { lba: BigInt(lba), transferLength: BLOCKS_PER_COMMAND }, { blockSize: BLOCK, data });
  }
}

/**
 * Submits COMMANDS commands through `submit` (which must not keep the
 * buffers it makes), collects garbage while they are in flight, and returns
 * the settled results in order.
 */
async function gcWhileInFlight<T>(submit: (lba: number, watch: GcWatch) => Promise<T>, delayJiffies = DELAY_JIFFIES): Promise<{ results: T[]; collectedEarly: readonly string[] }> {
  const watch = new GcWatch();
  await setScsiDebugDelay(delayJiffies);
  let firstDone = Infinity;
  const pending = Array.from({ length: COMMANDS }, (_, c) =>
    submit(c * BLOCKS_PER_COMMAND, watch).finally(() => {
      firstDone = Math.min(firstDone, performance.now());
    }),
  );
  const gcStart = performance.now();
  await collectGarbage(2);
  const collectedEarly = watch.collected;
  const gcDone = performance.now();
  if (process.env.SGIO_GC_TRACE) console.log(`collections took ${(gcDone - gcStart).toFixed(0)} ms; first completion ${(firstDone - gcStart).toFixed(0)} ms after they began`);
  const results = await Promise.all(pending);
  await setScsiDebugDelay(0);
  // the collections ran while every command was still in flight, or the test proves nothing
  expect(gcDone).toBeLessThan(firstDone);
  return { results, collectedEarly };
}

beforeAll(async () => {
  path = firstDevice().path;
  await using dev = await SgDevice.open(path);
  await dev.execute(testUnitReady);
});

afterAll(async () => {
  writeFileSync(ALLOW_DIO, allowDioAtStart);
  await setScsiDebugDelay(0);
});

describe('buffers stay reachable while the kernel uses them', () => {
  it('execute() on the async queue: writes from dropped buffers, reads into dropped buffers', async () => {
    await using dev = await SgDevice.open(path, { via: 'sg' });
    const salt = 11;
    const writes = await gcWhileInFlight((lba, watch) => {
      const data = watch.watch(new Uint8Array(BLOCK * BLOCKS_PER_COMMAND), `data-${lba}`);
      for (let b = 0; b < BLOCKS_PER_COMMAND; b++) data.set(blockPattern(lba + b, salt), b * BLOCK);
      return dev.execute(write16, { lba: BigInt(lba), transferLength: BLOCKS_PER_COMMAND }, { blockSize: BLOCK, data });
    });
    expect(writes.collectedEarly).toEqual([]);
    expect(writes.results.every((r) => r.ok)).toBe(true);
    const reads = await gcWhileInFlight((lba, watch) =>
      dev.execute(read16, { lba: BigInt(lba), transferLength: BLOCKS_PER_COMMAND }, { blockSize: BLOCK, receive: watch.watch(new Uint8Array(BLOCK * BLOCKS_PER_COMMAND), `in-${lba}`) }),
    );
    expect(reads.collectedEarly).toEqual([]);
    reads.results.forEach((r, c) => expectBlocks(r.data, c * BLOCKS_PER_COMMAND, salt));
  });

  it('direct IO (allow_dio=1): the kernel writes into pinned pages of dropped buffers', async () => {
    writeFileSync(ALLOW_DIO, '1');
    await using dev = await SgDevice.open(path);
    writePattern(dev, 23);
    const reads = await gcWhileInFlight((lba) => dev.execute(read16, { lba: BigInt(lba), transferLength: BLOCKS_PER_COMMAND }, { blockSize: BLOCK, transfer: 'direct' }));
    expect(reads.collectedEarly).toEqual([]);
    reads.results.forEach((r, c) => {
      expect(r.transfer).toBe('direct');
      expectBlocks(r.data, c * BLOCKS_PER_COMMAND, 23);
    });
  });

  it('mmap-ed IO through the reserved buffer, queued behind each other: each result holds its own data', async () => {
    await using dev = await SgDevice.open(path, { reservedSize: BLOCK * BLOCKS_PER_COMMAND });
    dev.mapReservedBuffer();
    writePattern(dev, 31);
    const reads = await gcWhileInFlight((lba) => dev.execute(read16, { lba: BigInt(lba), transferLength: BLOCKS_PER_COMMAND }, { blockSize: BLOCK, transfer: 'mmap', receive: BLOCK * BLOCKS_PER_COMMAND }));
    reads.results.forEach((r, c) => expectBlocks(r.data, c * BLOCKS_PER_COMMAND, 31));
  });

  // via 'auto': an sg prepared request (its sg_io_hdr) submitted through the bsg ring where the kernel has one
  it.each(['sg', 'auto'] as const)('prepared requests submitted and dropped by the caller (via %s)', async (via) => {
    await using dev = await SgDevice.open(path, { via });
    writePattern(dev, 43);
    const reads = await gcWhileInFlight((lba, watch) => {
      const request = watch.watch(dev.prepare(read16, { lba: BigInt(lba), transferLength: BLOCKS_PER_COMMAND }, { blockSize: BLOCK, receive: new Uint8Array(BLOCK * BLOCKS_PER_COMMAND), retry: false }), `request-${lba}`);
      return request.submit().then(() => ({ data: request.data?.slice() }));
    });
    expect(reads.collectedEarly).toEqual([]);
    reads.results.forEach((r, c) => expectBlocks(r.data, c * BLOCKS_PER_COMMAND, 43));
  });

  it('SgLanes: mmap-ed reads on several fds', async () => {
    await using lanes = await SgLanes.open(path, { lanes: 4, reservedSize: BLOCK * BLOCKS_PER_COMMAND });
    await using dev = await SgDevice.open(path);
    writePattern(dev, 53);
    const reads = await gcWhileInFlight((lba, watch) => lanes.read(lba, BLOCKS_PER_COMMAND, { into: watch.watch(new Uint8Array(BLOCK * BLOCKS_PER_COMMAND), `into-${lba}`) }));
    expect(reads.collectedEarly).toEqual([]);
    reads.results.forEach((r, c) => expectBlocks(r.data, c * BLOCKS_PER_COMMAND, 53));
  });

  it('a read-only device: SG_IO on the worker pool', async () => {
    await using writer = await SgDevice.open(path);
    writePattern(writer, 61);
    await using dev = await SgDevice.open(path, { readOnly: true, via: 'sg' });
    // start the pool's threads first: starting them in the guest takes longer than a command
    await setScsiDebugDelay(DELAY_JIFFIES);
    await Promise.all(Array.from({ length: COMMANDS }, () => dev.execute(testUnitReady)));
    const reads = await gcWhileInFlight((lba, watch) =>
      dev.execute(read16, { lba: BigInt(lba), transferLength: BLOCKS_PER_COMMAND }, { blockSize: BLOCK, receive: watch.watch(new Uint8Array(BLOCK * BLOCKS_PER_COMMAND), `in-${lba}`) }),
      3 * DELAY_JIFFIES, // the pool's eight isolates make a full collection slower than a command: answer later
    );
    expect(reads.collectedEarly).toEqual([]);
    reads.results.forEach((r, c) => expectBlocks(r.data, c * BLOCKS_PER_COMMAND, 61));
  });

  it('bsg: execute() with dropped buffers', async () => {
    await using writer = await SgDevice.open(path);
    writePattern(writer, 71);
    await using dev = await BsgDevice.open(path);
    const reads = await gcWhileInFlight((lba, watch) =>
      dev.execute(read16, { lba: BigInt(lba), transferLength: BLOCKS_PER_COMMAND }, { blockSize: BLOCK, receive: watch.watch(new Uint8Array(BLOCK * BLOCKS_PER_COMMAND), `in-${lba}`) }),
    );
    expect(reads.collectedEarly).toEqual([]);
    reads.results.forEach((r, c) => expectBlocks(r.data, c * BLOCKS_PER_COMMAND, 71));
  });

  it.each(['auto', 'sg_io'] as const)('bsg (transport %s): prepared requests submitted and dropped by the caller', async (transport) => {
    await using writer = await SgDevice.open(path);
    writePattern(writer, 73);
    await using dev = await BsgDevice.open(path, { transport });
    if (transport === 'sg_io') {
      // start the pool's threads first, as for the read-only sg device above
      await setScsiDebugDelay(DELAY_JIFFIES);
      await Promise.all(Array.from({ length: COMMANDS }, () => dev.execute(testUnitReady)));
    }
    const reads = await gcWhileInFlight(
      (lba, watch) => {
        const request = watch.watch(dev.prepare(read16, { lba: BigInt(lba), transferLength: BLOCKS_PER_COMMAND }, { blockSize: BLOCK, receive: new Uint8Array(BLOCK * BLOCKS_PER_COMMAND), retry: false }), `request-${lba}`);
        return request.submit().then(() => ({ data: request.data?.slice() }));
      },
      transport === 'sg_io' ? 3 * DELAY_JIFFIES : DELAY_JIFFIES,
    );
    expect(reads.collectedEarly).toEqual([]);
    reads.results.forEach((r, c) => expectBlocks(r.data, c * BLOCKS_PER_COMMAND, 73));
  });

  it('SgIoHeader on the bare async interface: only the header bytes are kept across write() and read()', async () => {
    await using dev = await SgDevice.open(path);
    writePattern(dev, 83);
    const watch = new GcWatch();
    const make = (lba: number): Uint8Array =>
      new SgIoHeader({
        dxferDirection: SG_DXFER_FROM_DEV,
        cdb: watch.watch(read16.encode({ lba: BigInt(lba), transferLength: BLOCKS_PER_COMMAND }), `cdb-${lba}`),
        sense: watch.watch(new Uint8Array(32), `sense-${lba}`),
        data: watch.watch(new Uint8Array(BLOCK * BLOCKS_PER_COMMAND), `data-${lba}`),
        packId: lba,
      }).bytes;
    await setScsiDebugDelay(DELAY_JIFFIES);
    const headers = [0, 8, 16].map(make);
    for (const h of headers) expect(tryWrite(dev.fd, h)).toBe(h.length);
    await collectGarbage(4);
    expect(watch.collected).toEqual([]);
    const back = new Uint8Array(headers[0]!.length);
    let got = 0;
    for (let spins = 0; got < headers.length && spins < 10_000; spins++) {
      if (tryRead(dev.fd, back) < 0) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      got++;
    }
    await setScsiDebugDelay(0);
    expect(got).toBe(headers.length);
    // the kernel wrote the data into the buffers the headers kept alive
    await new Promise((r) => setTimeout(r, 0));
    expect(watch.collected).toEqual([]);
  });
});

describe('close() while the worker pool has commands', () => {
  /**
   * Six slow reads on two pool threads: two are in the kernel, four wait for
   * a thread. close() must withdraw the waiting ones (their fd number may
   * belong to another file once closed), wait for the two in the kernel, and
   * end all six canceled — never with data.
   */
  async function closeUnderLoad(open: () => Promise<SgDevice | BsgDevice>): Promise<{ outcomes: unknown[]; closeMs: number }> {
    await shutdownAsync(); // idle threads of earlier tests would take the calls meant to wait
    configureAsync({ maxThreads: 2 });
    try {
      await using dev = await open();
      await dev.execute(testUnitReady);
      await startThreads(2); // both threads up: a call waits for a worker only because both are busy
      await setScsiDebugDelay(DELAY_JIFFIES);
      const reads = Array.from({ length: 6 }, (_, c) => dev.execute(read16, { lba: BigInt(c * BLOCKS_PER_COMMAND), transferLength: BLOCKS_PER_COMMAND }, { blockSize: BLOCK, receive: BLOCK * BLOCKS_PER_COMMAND, retry: false }));
      const outcomes = reads.map((p) => p.then((r) => ({ data: r.data?.length }), (e: unknown) => e));
      await new Promise((r) => setTimeout(r, 20)); // the first two reach the kernel
      const t = performance.now();
      await dev.close();
      const closeMs = performance.now() - t;
      expect(asyncPoolStats()).toMatchObject({ busy: 0, queued: 0 });
      return { outcomes: await Promise.all(outcomes), closeMs };
    } finally {
      await setScsiDebugDelay(0);
      configureAsync({ maxThreads: 16 });
    }
  }

  const canceled = (o: unknown): boolean => o instanceof CommandCanceledError && o.reason === 'closed';

  /** Starts `n` pool threads: `n` reads of empty pipes hold one thread each until the pipes get a byte. */
  async function startThreads(n: number): Promise<void> {
    const pipes = Array.from({ length: n }, () => pipe());
    const reads = pipes.map(([r]) => readAsync(r, new Uint8Array(1)));
    for (let i = 0; i < 3000 && asyncPoolStats().busy < n; i++) await new Promise((r) => setTimeout(r, 10));
    for (const [, w] of pipes) write(w, new Uint8Array(1));
    await Promise.all(reads);
    for (const [r, w] of pipes) {
      close(r);
      close(w);
    }
    expect(asyncPoolStats()).toMatchObject({ threads: n, starting: 0, busy: 0 });
  }

  it('a read-only sg device (SG_IO on the pool): waiting calls are withdrawn, running ones waited for, all end canceled (as the sg queue does)', async () => {
    const { outcomes, closeMs } = await closeUnderLoad(() => SgDevice.open(path, { readOnly: true, via: 'sg' }));
    expect(outcomes.map(canceled)).toEqual([true, true, true, true, true, true]);
    // one round of the device's delay (the two running reads), not three (the waiting four did not run)
    expect(closeMs).toBeGreaterThan(DELAY_JIFFIES * 10 * 0.5);
    expect(closeMs).toBeLessThan(DELAY_JIFFIES * 10 * 2);
  });

  it('a read-only sg device: an mmap-ed read still in the kernel (ndelay) when close() comes ends canceled, never with data or zeros', async () => {
    const dev = await SgDevice.open(path, { readOnly: true });
    dev.mapReservedBuffer();
    await dev.execute(testUnitReady);
    const slow = 600_000_000; // ns: scsi_debug's ndelay, set by hand (below 1 s, as it requires)
    await setScsiDebugTiming('ndelay', slow);
    try {
      const read = dev.execute(read16, { lba: 0n, transferLength: BLOCKS_PER_COMMAND }, { blockSize: BLOCK, transfer: 'mmap', receive: BLOCK * BLOCKS_PER_COMMAND, retry: false });
      const outcome = read.then((r) => ({ data: r.data?.length, first: r.data?.[0] }), (e: unknown) => e);
      await new Promise((r) => setTimeout(r, 20)); // the read reaches the kernel
      const t = performance.now();
      await dev.close();
      const closeMs = performance.now() - t;
      const o = await outcome;
      expect(canceled(o), o instanceof Error ? `${o.name}: ${o.message}` : JSON.stringify(o)).toBe(true);
      // close() waited for the read in the kernel before it unmapped the reserved buffer and closed the fd
      expect(closeMs).toBeGreaterThan(slow / 1e6 / 2);
      expect(asyncPoolStats()).toMatchObject({ busy: 0, queued: 0 });
    } finally {
      await setScsiDebugTiming('ndelay', 0);
      await setScsiDebugDelay(0);
    }
  });

  it('a bsg device: waiting calls are withdrawn (canceled), running ones waited for and keep their data', async () => {
    // SG_IO on the worker pool, the transport this block is about: where bsg takes io_uring (Linux 7.2), 'auto' would
    // put every command in the kernel at once, and none would be waiting
    const { outcomes, closeMs } = await closeUnderLoad(() => BsgDevice.open(path, { transport: 'sg_io' }));
    expect(outcomes.slice(0, 2)).toEqual([{ data: BLOCK * BLOCKS_PER_COMMAND }, { data: BLOCK * BLOCKS_PER_COMMAND }]);
    expect(outcomes.slice(2).map(canceled), String(outcomes.slice(2).map((o) => (o instanceof Error ? `${o.name}: ${o.message}` : JSON.stringify(o))))).toEqual([true, true, true, true]);
    expect(closeMs).toBeGreaterThan(DELAY_JIFFIES * 10 * 0.5);
    expect(closeMs).toBeLessThan(DELAY_JIFFIES * 10 * 2);
  });
});
