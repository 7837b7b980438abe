/**
 * `BlockReadStream`: a Readable of consecutive logical blocks. Several READs
 * are in flight at once (one with mmap-ed IO, which has a single reserved
 * buffer per fd); their data is pushed in LBA order, and no new READ starts
 * while the consumer is behind, so memory stays bounded by the high-water
 * mark plus the commands in flight.
 */
import { Readable } from 'node:stream';
import type { BlockIo } from './block-io-device.js';
import type { ReadBlocksOptions } from '../commands/command-options.js';
import { transferBuffer } from './transfer-buffer.js';
import { destroyOnAbort, setUpStream } from './stream-setup.js';
import { highWaterMarkBytes, type BlockStreamOptions, type ResolvedStream } from './stream-options.js';

/** Options of {@link BlockReadStream}. */
export type BlockReadStreamOptions = BlockStreamOptions;

interface Transfer {
  readonly buffer: Buffer;
  done: boolean;
}

/** A Readable of the blocks `[start, end)` of a device. */
export class BlockReadStream extends Readable {
  readonly #device: BlockIo;
  readonly #options: BlockReadStreamOptions;
  readonly #abort = new AbortController();
  readonly #pending: Transfer[] = [];
  readonly #settled = new Set<Promise<unknown>>();
  #plan: ResolvedStream | undefined;
  #next = 0n;
  #inFlight = 0;
  #wanted = false;
  #readOptions: ReadBlocksOptions = {};
  #bytesRead = 0;
  #maxInFlight = 0;

  constructor(device: BlockIo, options: BlockReadStreamOptions = {}) {
    super({ highWaterMark: highWaterMarkBytes(options, device.cachedCapacity?.blockSize) });
    this.#device = device;
    this.#options = options;
    destroyOnAbort(this, options.signal);
  }

  /** The resolved settings (block size, range, transfer size, depth), once the stream has started. */
  get plan(): ResolvedStream | undefined {
    return this.#plan;
  }

  /** Bytes read from the device so far. */
  get bytesRead(): number {
    return this.#bytesRead;
  }

  /** Most READ commands that were in flight at once. */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  /** @internal Node's stream hook: resolves block size and range, prepares mmap. */
  override _construct(callback: (error?: Error | null) => void): void {
    this.#setUp().then(() => callback(), (e: unknown) => callback(e as Error));
  }

  async #setUp(): Promise<void> {
    const { plan, commandOptions } = await setUpStream(this.#device, this.#options, this.#abort.signal);
    this.#plan = plan;
    this.#next = plan.start;
    this.#readOptions = commandOptions;
  }


  /** @internal Node's stream hook: the consumer wants more. */
  override _read(): void {
    this.#wanted = true;
    this.#deliver();
  }

  /** Pushes completed transfers in order while the consumer wants them, then starts more. */
  #deliver(): void {
    const plan = this.#plan;
    if (!plan || this.destroyed) return;
    while (this.#wanted && this.#pending.length > 0 && this.#pending[0]!.done) {
      const t = this.#pending.shift()!;
      this.#wanted = this.push(t.buffer);
    }
    if (this.#next >= plan.end && this.#pending.length === 0) {
      if (this.#inFlight === 0) this.push(null);
      return;
    }
    // only start READs the consumer will take: completed-but-unpushed transfers count against the depth
    while (this.#wanted && this.#pending.length < plan.queueDepth && this.#next < plan.end) this.#start(plan);
  }

  #start(plan: ResolvedStream): void {
    const remaining = plan.end - this.#next;
    const count = remaining < BigInt(plan.blocksPerTransfer) ? Number(remaining) : plan.blocksPerTransfer;
    const bytes = count * plan.blockSize;
    const lba = this.#next;
    this.#next += BigInt(count);
    const transfer: Transfer = { buffer: transferBuffer(bytes, plan.mode === 'direct'), done: false };
    this.#pending.push(transfer);
    this.#inFlight++;
    if (this.#inFlight > this.#maxInFlight) this.#maxInFlight = this.#inFlight;
    const p = this.#device.readBlocks(lba, count, { ...this.#readOptions, into: transfer.buffer }).then(
      () => {
        this.#inFlight--;
        this.#bytesRead += bytes;
        transfer.done = true;
        this.#deliver();
      },
      (e: unknown) => {
        this.#inFlight--;
        if (!this.destroyed) this.destroy(e as Error);
      },
    );
    this.#settled.add(p);
    void p.finally(() => this.#settled.delete(p));
  }

  /** @internal Node's stream hook: cancels queued READs and waits for those in flight. */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#abort.abort(error ?? new Error('stream destroyed'));
    Promise.allSettled([...this.#settled]).then(
      () => callback(error),
      () => callback(error),
    );
  }
}
