/**
 * `BlockWriteStream`: a Writable that fills consecutive logical blocks.
 * Incoming chunks are copied into transfer-sized staging buffers (a fixed
 * set, reused); a full buffer becomes a WRITE, several in flight at once.
 * A write callback waits while every staging buffer is in flight, which is
 * the backpressure the producer sees.
 */
import { Writable } from 'node:stream';
import { BlockRequestError } from '../commands/command-errors.js';
import type { WriteBlocksOptions } from '../commands/command-options.js';
import type { BlockIo } from './block-io-device.js';
import { transferBuffer } from './transfer-buffer.js';
import { destroyOnAbort, setUpStream } from './stream-setup.js';
import { highWaterMarkBytes, type BlockStreamOptions, type ResolvedStream } from './stream-options.js';

/** Options of {@link BlockWriteStream}. */
export interface BlockWriteStreamOptions extends BlockStreamOptions {
  /** SYNCHRONIZE CACHE once everything is written (default true). */
  readonly synchronize?: boolean;
  /** FUA on every WRITE (default false). */
  readonly fua?: boolean;
}

/** A Writable onto the blocks `[start, end)` of a device. */
export class BlockWriteStream extends Writable {
  readonly #device: BlockIo;
  readonly #options: BlockWriteStreamOptions;
  readonly #abort = new AbortController();
  readonly #free: Buffer[] = [];
  readonly #settled = new Set<Promise<unknown>>();
  #plan: ResolvedStream | undefined;
  #writeOptions: WriteBlocksOptions = {};
  #allocated = 0;
  #staging: Buffer | undefined;
  #fill = 0;
  #next = 0n;
  #inFlight = 0;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  #bytesWritten = 0;
  #maxInFlight = 0;

  constructor(device: BlockIo, options: BlockWriteStreamOptions = {}) {
    super({ highWaterMark: highWaterMarkBytes(options, device.cachedCapacity?.blockSize), decodeStrings: true });
    this.#device = device;
    this.#options = options;
    destroyOnAbort(this, options.signal);
  }

  /** The resolved settings (block size, range, transfer size, depth), once the stream has started. */
  get plan(): ResolvedStream | undefined {
    return this.#plan;
  }

  /** Bytes written to the device so far (completed WRITEs). */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** Most WRITE commands that were in flight at once. */
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
    this.#writeOptions = this.#options.fua !== undefined ? { ...commandOptions, fua: this.#options.fua } : commandOptions;
  }


  /** @internal Node's stream hook: copies the chunk into staging buffers, writing full ones. */
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#consume(chunk).then(() => callback(), (e: unknown) => callback(e as Error));
  }

  async #consume(chunk: Buffer): Promise<void> {
    const plan = this.#plan!;
    const transferBytes = plan.blocksPerTransfer * plan.blockSize;
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#error) throw this.#error;
      if (!this.#staging) {
        const room = (plan.end - this.#next) * BigInt(plan.blockSize);
        if (room <= 0n) throw new BlockRequestError(`the stream is full: it ends at LBA ${plan.end}; ${chunk.length - offset} bytes are left over`);
        this.#staging = await this.#takeBuffer(transferBytes);
        // the last transfer may be shorter than the others
        if (room < BigInt(this.#staging.length)) this.#staging = this.#staging.subarray(0, Number(room));
      }
      const staging = this.#staging;
      const n = Math.min(chunk.length - offset, staging.length - this.#fill);
      chunk.copy(staging, this.#fill, offset, offset + n);
      this.#fill += n;
      offset += n;
      if (this.#fill === staging.length) this.#submit();
    }
  }

  async #takeBuffer(bytes: number): Promise<Buffer> {
    const plan = this.#plan!;
    for (;;) {
      if (this.#error) throw this.#error;
      const free = this.#free.pop();
      if (free) return free;
      if (this.#allocated < plan.queueDepth) {
        this.#allocated++;
        return transferBuffer(bytes, plan.mode === 'direct');
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #submit(): void {
    const plan = this.#plan!;
    const staging = this.#staging!;
    const bytes = this.#fill;
    this.#staging = undefined;
    this.#fill = 0;
    const count = bytes / plan.blockSize;
    const lba = this.#next;
    this.#next += BigInt(count);
    this.#inFlight++;
    if (this.#inFlight > this.#maxInFlight) this.#maxInFlight = this.#inFlight;
    // staging buffers come back to the pool whole, whatever part of them this WRITE used
    const whole = Buffer.from(staging.buffer, staging.byteOffset, plan.blocksPerTransfer * plan.blockSize);
    const p = this.#device.writeBlocks(lba, staging.subarray(0, bytes), this.#writeOptions).then(
      () => {
        this.#inFlight--;
        this.#bytesWritten += bytes;
        this.#free.push(whole);
        this.#signal();
      },
      (e: unknown) => {
        this.#inFlight--;
        this.#error ??= e as Error;
        this.#signal();
      },
    );
    this.#settled.add(p);
    void p.finally(() => this.#settled.delete(p));
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #drain(): Promise<void> {
    while (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#wake = resolve));
    if (this.#error) throw this.#error;
  }

  /** @internal Node's stream hook: writes the last partial transfer, waits, synchronizes the cache. */
  override _final(callback: (error?: Error | null) => void): void {
    (async () => {
      const plan = this.#plan!;
      if (this.#fill > 0) {
        if (this.#fill % plan.blockSize !== 0) {
          throw new BlockRequestError(`the data ends ${this.#fill % plan.blockSize} bytes into a ${plan.blockSize}-byte block; write whole blocks (pad the last one)`);
        }
        this.#submit();
      }
      await this.#drain();
      if (this.#options.synchronize ?? true) {
        const o = this.#options;
        await this.#device.synchronizeCache({ ...(o.timeout !== undefined ? { timeout: o.timeout } : {}), ...(o.retry !== undefined ? { retry: o.retry } : {}) });
      }
    })().then(
      () => callback(),
      (e: unknown) => callback(e as Error),
    );
  }

  /** @internal Node's stream hook: cancels queued WRITEs and waits for those in flight. */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#abort.abort(error ?? new Error('stream destroyed'));
    this.#error ??= error ?? new Error('stream destroyed');
    this.#signal();
    Promise.allSettled([...this.#settled]).then(
      () => callback(error),
      () => callback(error),
    );
  }
}
