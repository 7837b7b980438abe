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
import { StreamCommands } from './stream-commands.js';
import { destroyOnAbort } from './stream-setup.js';
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
  readonly #commands = new StreamCommands();
  readonly #free: Buffer[] = [];
  #writeOptions: WriteBlocksOptions = {};
  #allocated = 0;
  #staging: Buffer | undefined;
  #fill = 0;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  #bytesWritten = 0;

  constructor(device: BlockIo, options: BlockWriteStreamOptions = {}) {
    super({ highWaterMark: highWaterMarkBytes(options, device.cachedCapacity?.blockSize), decodeStrings: true });
    this.#device = device;
    this.#options = options;
    destroyOnAbort(this, options.signal);
  }

  /** The resolved settings (block size, range, transfer size, depth), once the stream has started. */
  get plan(): ResolvedStream | undefined {
    return this.#commands.plan;
  }

  /** Bytes written to the device so far (completed WRITEs). */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** Most WRITE commands that were in flight at once. */
  get maxInFlight(): number {
    return this.#commands.maxInFlight;
  }

  /** @internal Node's stream hook: resolves block size and range, prepares mmap. */
  override _construct(callback: (error?: Error | null) => void): void {
    this.#setUp().then(() => callback(), (e: unknown) => callback(e as Error));
  }

  async #setUp(): Promise<void> {
    const commandOptions = await this.#commands.setUp(this.#device, this.#options);
    this.#writeOptions = this.#options.fua !== undefined ? { ...commandOptions, fua: this.#options.fua } : commandOptions;
  }


  /** @internal Node's stream hook: copies the chunk into staging buffers, writing full ones. */
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#consume(chunk).then(() => callback(), (e: unknown) => callback(e as Error));
  }

  async #consume(chunk: Buffer): Promise<void> {
    const plan = this.#commands.plan!;
    const transferBytes = plan.blocksPerTransfer * plan.blockSize;
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#error) throw this.#error;
      if (!this.#staging) {
        const room = (plan.end - this.#commands.next) * BigInt(plan.blockSize);
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
    const plan = this.#commands.plan!;
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
    const plan = this.#commands.plan!;
    const staging = this.#staging!;
    const bytes = this.#fill;
    this.#staging = undefined;
    this.#fill = 0;
    // staging buffers come back to the pool whole, whatever part of them this WRITE used
    const whole = Buffer.from(staging.buffer, staging.byteOffset, plan.blocksPerTransfer * plan.blockSize);
    this.#commands.start(
      bytes / plan.blockSize,
      (lba) => this.#device.writeBlocks(lba, staging.subarray(0, bytes), this.#writeOptions),
      () => {
        this.#bytesWritten += bytes;
        this.#free.push(whole);
        this.#signal();
      },
      (e) => {
        this.#error ??= e;
        this.#signal();
      },
    );
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #drain(): Promise<void> {
    while (this.#commands.inFlight > 0) await new Promise<void>((resolve) => (this.#wake = resolve));
    if (this.#error) throw this.#error;
  }

  /** @internal Node's stream hook: writes the last partial transfer, waits, synchronizes the cache. */
  override _final(callback: (error?: Error | null) => void): void {
    (async () => {
      const plan = this.#commands.plan!;
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
    this.#error ??= error ?? new Error('stream destroyed');
    this.#signal();
    this.#commands.destroy(error, callback);
  }
}
