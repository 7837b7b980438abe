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
import { StreamCommands } from './stream-commands.js';
import { destroyOnAbort } from './stream-setup.js';
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
  readonly #commands = new StreamCommands();
  readonly #pending: Transfer[] = [];
  #wanted = false;
  #readOptions: ReadBlocksOptions = {};
  #bytesRead = 0;

  constructor(device: BlockIo, options: BlockReadStreamOptions = {}) {
    super({ highWaterMark: highWaterMarkBytes(options, device.cachedCapacity?.blockSize) });
    this.#device = device;
    this.#options = options;
    destroyOnAbort(this, options.signal);
  }

  /** The resolved settings (block size, range, transfer size, depth), once the stream has started. */
  get plan(): ResolvedStream | undefined {
    return this.#commands.plan;
  }

  /** Bytes read from the device so far. */
  get bytesRead(): number {
    return this.#bytesRead;
  }

  /** Most READ commands that were in flight at once. */
  get maxInFlight(): number {
    return this.#commands.maxInFlight;
  }

  /** @internal Node's stream hook: resolves block size and range, prepares mmap. */
  override _construct(callback: (error?: Error | null) => void): void {
    this.#setUp().then(() => callback(), (e: unknown) => callback(e as Error));
  }

  async #setUp(): Promise<void> {
    this.#readOptions = await this.#commands.setUp(this.#device, this.#options);
  }


  /** @internal Node's stream hook: the consumer wants more. */
  override _read(): void {
    this.#wanted = true;
    this.#deliver();
  }

  /** Pushes completed transfers in order while the consumer wants them, then starts more. */
  #deliver(): void {
    const commands = this.#commands;
    const plan = commands.plan;
    if (!plan || this.destroyed) return;
    while (this.#wanted && this.#pending.length > 0 && this.#pending[0]!.done) {
      const t = this.#pending.shift()!;
      this.#wanted = this.push(t.buffer);
    }
    if (commands.next >= plan.end && this.#pending.length === 0) {
      if (commands.inFlight === 0) this.push(null);
      return;
    }
    // only start READs the consumer will take: completed-but-unpushed transfers count against the depth
    while (this.#wanted && this.#pending.length < plan.queueDepth && commands.next < plan.end) this.#start(plan);
  }

  #start(plan: ResolvedStream): void {
    const remaining = plan.end - this.#commands.next;
    const count = remaining < BigInt(plan.blocksPerTransfer) ? Number(remaining) : plan.blocksPerTransfer;
    const bytes = count * plan.blockSize;
    const transfer: Transfer = { buffer: transferBuffer(bytes, plan.mode === 'direct'), done: false };
    this.#pending.push(transfer);
    this.#commands.start(
      count,
      (lba) => this.#device.readBlocks(lba, count, { ...this.#readOptions, into: transfer.buffer }),
      () => {
        this.#bytesRead += bytes;
        transfer.done = true;
        this.#deliver();
      },
      (e) => {
        if (!this.destroyed) this.destroy(e);
      },
    );
  }

  /** @internal Node's stream hook: cancels queued READs and waits for those in flight. */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#commands.destroy(error, callback);
  }
}
