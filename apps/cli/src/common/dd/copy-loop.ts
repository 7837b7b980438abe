/**
 * The copy loop: `queueDepth` slots each read a transfer from the source
 * and write it to the sink, until `count` blocks are done, the input ends,
 * an error happens or the signal aborts. Counts whole and partial blocks
 * the way dd's "records in/out" do. Once neither end gains from queueing
 * (`serialSuffices`: an sg device that answered each queued command inside
 * its submit), the slots stop claiming transfers and the copy goes on one
 * transfer at a time through readSync/writeSync, as at queue depth 1.
 */
import type { DdSink, DdSource } from './endpoint.js';

/** What to copy. */
export interface CopyPlan {
  /** Logical block size. */
  readonly blockSize: number;
  /** Blocks per transfer. */
  readonly blocksPerTransfer: number;
  /** Blocks to copy; undefined: until the input ends. */
  readonly count: number | undefined;
  /** First input block. */
  readonly skip: number;
  /** First output block. */
  readonly seek: number;
  /** Transfers in flight at once. */
  readonly queueDepth: number;
  /**
   * Blocks from an output LBA to the next boundary no transfer may cross
   * (a zoned output's zone boundaries); absent: none. With it, writes also
   * reach the output in block order at any queue depth.
   */
  readonly outputBoundary?: (lba: number) => number;
}

/** Blocks of the transfer that starts `done` blocks into the copy: bpt, cut at the count and at an output boundary. */
function transferBlocks(plan: CopyPlan, done: number): number {
  const blocks = plan.count === undefined ? plan.blocksPerTransfer : Math.min(plan.blocksPerTransfer, plan.count - done);
  return plan.outputBoundary ? Math.min(blocks, plan.outputBoundary(plan.seek + done)) : blocks;
}

/** Counters, live during the copy and final at its end. */
export interface CopyCounters {
  /** Whole blocks read. */
  blocksIn: number;
  /** Partial blocks read (a file whose size is not a multiple of bs). */
  partialIn: number;
  /** Whole blocks written (or verified). */
  blocksOut: number;
  /** Partial blocks written. */
  partialOut: number;
  /** Bytes read. */
  bytes: number;
  /** Transfers completed (one read plus one write each). */
  transfers: number;
}

/** How the copy ended. */
export interface CopyOutcome extends CopyCounters {
  /** The first error (reading or writing), if any. */
  readonly error: unknown;
  /** Which side failed. */
  readonly failedAt: 'read' | 'write' | undefined;
  /** Block number (in the failing endpoint's blocks) of the failed transfer. */
  readonly failedLba: number | undefined;
  /** True when the signal stopped the copy. */
  readonly interrupted: boolean;
  /** Blocks that were to be copied and were not (undefined when the count was open). */
  readonly remaining: number | undefined;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/**
 * With one transfer at a time the commands run synchronously (SG_IO), so
 * the loop lets the event loop run (signals, progress) this often (ms);
 * yielding after every transfer would cost more than the transfers.
 */
const YIELD_EVERY_MS = 50;

/** How often the synchronous loop looks at the clock (ms): it adapts the number of transfers between looks to this. */
const CLOCK_EVERY_MS = 10;

/** Options of {@link runCopy}. */
export interface CopyOptions {
  /** Stops the copy (SIGINT). */
  signal?: AbortSignal;
  /** Called after each completed transfer (progress). */
  onTransfer?: (c: Readonly<CopyCounters>) => void;
}

/** Runs the copy. `onTransfer` is called after each completed transfer (progress). */
export async function runCopy(source: DdSource, sink: DdSink, plan: CopyPlan, options: CopyOptions = {}): Promise<CopyOutcome> {
  const counters: CopyCounters = { blocksIn: 0, partialIn: 0, blocksOut: 0, partialOut: 0, bytes: 0, transfers: 0 };
  const canRunSync = source.readSync !== undefined && sink.writeSync !== undefined;
  if (plan.queueDepth === 1 && canRunSync) return runSyncCopy(source, sink, plan, options, counters, 0);
  // at a queue depth above one: once neither end gains from queueing (an sg device answering inside each
  // submit), the slots stop claiming transfers and the copy goes on one at a time from where they left off
  const serialSuffices = (): boolean => canRunSync && source.serialSuffices?.() === true && sink.serialSuffices?.() === true;
  let handOff = false;
  const { blockSize, blocksPerTransfer, count } = plan;
  const ordered = plan.outputBoundary !== undefined || !sink.seekable || !source.seekable;
  let next = 0;
  let ended = false;
  let error: unknown;
  let failedAt: 'read' | 'write' | undefined;
  let failedLba: number | undefined;
  let writeChain: Promise<void> = Promise.resolve();
  let lastYield = performance.now();
  const stopped = (): boolean => ended || error !== undefined || options.signal?.aborted === true;

  const worker = async (slot: number): Promise<void> => {
    const into = sink.buffer(slot) ?? source.readBuffer?.(slot) ?? new Uint8Array(blockSize * blocksPerTransfer);
    // one Transfer object per side and slot, updated in place: no allocation per transfer (the endpoints
    // read them before they return or await, and a slot runs one transfer at a time)
    const inT = { slot, lba: 0, blocks: 0 };
    const outT = { slot, lba: 0, blocks: 0 };
    while (!stopped()) {
      if (handOff || (handOff = serialSuffices())) return;
      if (count !== undefined && next >= count) return;
      const offset = next;
      const blocks = transferBlocks(plan, offset);
      next += blocks;
      // ordered sinks write in claim order: each transfer waits for the one claimed before it
      const previous = writeChain;
      let release: (() => void) | undefined;
      if (ordered) writeChain = new Promise<void>((resolve) => (release = resolve));
      inT.lba = plan.skip + offset;
      inT.blocks = blocks;
      let data: Uint8Array;
      try {
        data = await source.read(inT, into);
      } catch (e) {
        if (error === undefined) [error, failedAt, failedLba] = [e, 'read', plan.skip + offset];
        release?.();
        return;
      }
      if (data.length === 0) {
        ended = true;
        release?.();
        return;
      }
      if (data.length < blocks * blockSize) ended = true;
      const whole = Math.floor(data.length / blockSize);
      const partial = data.length % blockSize ? 1 : 0;
      counters.blocksIn += whole;
      counters.partialIn += partial;
      counters.bytes += data.length;
      outT.lba = plan.seek + offset;
      outT.blocks = whole + partial;
      try {
        if (ordered) await previous;
        await sink.write(outT, data);
      } catch (e) {
        if (error === undefined) [error, failedAt, failedLba] = [e, 'write', plan.seek + offset];
        return;
      } finally {
        release?.();
      }
      counters.blocksOut += whole;
      counters.partialOut += partial;
      counters.transfers++;
      options.onTransfer?.(counters);
      if (plan.queueDepth === 1 && performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToLoop();
        lastYield = performance.now();
      }
    }
  };

  await Promise.all(Array.from({ length: plan.queueDepth }, (_, slot) => worker(slot)));
  if (handOff && !stopped()) return runSyncCopy(source, sink, plan, options, counters, next);
  return outcomeOf(counters, { error, failedAt, failedLba, ended, count, aborted: options.signal?.aborted === true });
}

/** How a copy loop ended, for {@link outcomeOf}. */
interface LoopEnd {
  readonly error: unknown;
  readonly failedAt: CopyOutcome['failedAt'];
  readonly failedLba: CopyOutcome['failedLba'];
  /** The input ended (EOF) before `count`. */
  readonly ended: boolean;
  readonly count: number | undefined;
  readonly aborted: boolean;
}

/** The outcome of a finished loop: an abort that stopped it short of `count` (no error, no EOF) is an interruption. */
function outcomeOf(counters: CopyCounters, end: LoopEnd): CopyOutcome {
  const done = counters.blocksOut + counters.partialOut;
  const { error, failedAt, failedLba, ended, count, aborted } = end;
  return {
    ...counters,
    error,
    failedAt,
    failedLba,
    interrupted: error === undefined && !ended && aborted && (count === undefined || done < count),
    remaining: count === undefined ? undefined : count - done,
  };
}

/** Where a synchronous copy stands between two batches of transfers (see {@link runSyncCopy}). */
interface SyncCopyState {
  /** Blocks claimed so far (the next transfer starts here). */
  next: number;
  /** The input ended (EOF or a short read). */
  ended: boolean;
  /** The first error, if any. */
  error: unknown;
  failedAt: 'read' | 'write' | undefined;
  failedLba: number | undefined;
}

/**
 * One transfer at a time with endpoints that work synchronously (like
 * sg_dd): no promise per transfer. The loop looks at the clock about every
 * {@link CLOCK_EVERY_MS} ms (a clock read is a system call in some virtual
 * machines, so not after every transfer: the number of transfers between
 * looks adapts to the speed) and lets the event loop run (SIGINT, the
 * progress bar's timers) every {@link YIELD_EVERY_MS} ms.
 *
 * The transfers run in {@link syncBatch}, a plain function that returns at
 * each look at the clock; this async function only waits between batches.
 * Measured in the lab (one CPU, 1 GiB of 64 KiB READs): with the transfer
 * loop inside the async function, V8's optimizing compiler compiled that
 * function twice (once whole, once on-stack replacement of the running
 * loop), about 20 ms each, taken out of the transfer on a one-CPU machine.
 */
async function runSyncCopy(source: DdSource, sink: DdSink, plan: CopyPlan, options: CopyOptions, counters: CopyCounters, from: number): Promise<CopyOutcome> {
  const batch = syncBatch(source, sink, plan, options, counters);
  const state: SyncCopyState = { next: from, ended: false, error: undefined, failedAt: undefined, failedLba: undefined };
  let lastYield = performance.now();
  let lastClock = lastYield;
  let clockEvery = 1;
  for (;;) {
    const done = batch(state, clockEvery);
    if (done.finished) break;
    const now = performance.now();
    const elapsed = now - lastClock;
    // aim the next look at CLOCK_EVERY_MS from now; at most double the interval at once
    clockEvery = Math.max(1, Math.min(clockEvery * 2, Math.round((done.transfers * CLOCK_EVERY_MS) / Math.max(elapsed, 0.001))));
    lastClock = now;
    if (now - lastYield > YIELD_EVERY_MS) {
      await yieldToLoop();
      lastYield = performance.now();
    }
  }
  return outcomeOf(counters, { error: state.error, failedAt: state.failedAt, failedLba: state.failedLba, ended: state.ended, count: plan.count, aborted: options.signal?.aborted === true });
}

/** What one batch did: how many transfers, and whether the copy is over (done, the input ended, failed or aborted). */
interface BatchResult {
  transfers: number;
  finished: boolean;
}

/**
 * The transfer loop of {@link runSyncCopy}: `batch(state, n)` runs up to `n`
 * transfers from `state` and updates it. The Transfer objects and the result
 * object are made once per copy and updated in place.
 */
function syncBatch(source: DdSource, sink: DdSink, plan: CopyPlan, options: CopyOptions, counters: CopyCounters): (state: SyncCopyState, limit: number) => BatchResult {
  const { blockSize, blocksPerTransfer, count } = plan;
  const readSync = source.readSync!.bind(source);
  const writeSync = sink.writeSync!.bind(sink);
  const into = sink.buffer(0) ?? new Uint8Array(blockSize * blocksPerTransfer);
  const signal = options.signal;
  const onTransfer = options.onTransfer;
  // one Transfer object per side, updated in place
  const inT = { slot: 0, lba: 0, blocks: 0 };
  const outT = { slot: 0, lba: 0, blocks: 0 };
  const result: BatchResult = { transfers: 0, finished: false };
  return (state, limit) => {
    let next = state.next;
    let done = 0;
    let finished = true;
    try {
      for (;;) {
        if (signal?.aborted || (count !== undefined && next >= count)) break;
        if (done >= limit) {
          finished = false;
          break;
        }
        const blocks = transferBlocks(plan, next);
        inT.lba = plan.skip + next;
        inT.blocks = blocks;
        let data: Uint8Array;
        try {
          data = readSync(inT, into);
        } catch (e) {
          [state.error, state.failedAt, state.failedLba] = [e, 'read', plan.skip + next];
          break;
        }
        const bytes = data.length;
        if (bytes === 0) {
          state.ended = true;
          break;
        }
        const whole = Math.floor(bytes / blockSize);
        const partial = bytes % blockSize ? 1 : 0;
        counters.blocksIn += whole;
        counters.partialIn += partial;
        counters.bytes += bytes;
        outT.lba = plan.seek + next;
        outT.blocks = whole + partial;
        try {
          writeSync(outT, data);
        } catch (e) {
          [state.error, state.failedAt, state.failedLba] = [e, 'write', plan.seek + next];
          break;
        }
        next += blocks;
        done++;
        counters.blocksOut += whole;
        counters.partialOut += partial;
        counters.transfers++;
        if (onTransfer) onTransfer(counters);
        if (bytes < blocks * blockSize) {
          state.ended = true;
          break;
        }
      }
    } finally {
      state.next = next;
    }
    result.transfers = done;
    result.finished = finished;
    return result;
  };
}
