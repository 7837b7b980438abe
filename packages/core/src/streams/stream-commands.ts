/**
 * What the read and the write stream keep alike while they run: the plan
 * resolved by {@link setUpStream}, the next LBA, the commands in flight
 * (counted, and held until they settle so that destroying the stream waits
 * for them) and the AbortController that withdraws queued commands when the
 * stream is destroyed.
 */
import type { ReadBlocksOptions } from '../commands/command-options.js';
import type { BlockIo } from './block-io-device.js';
import { setUpStream } from './stream-setup.js';
import type { BlockStreamOptions, ResolvedStream } from './stream-options.js';

/** One block stream's commands: where the next one starts, how many are in flight. */
export class StreamCommands {
  readonly #abort = new AbortController();
  readonly #settled = new Set<Promise<unknown>>();
  #plan: ResolvedStream | undefined;
  #next = 0n;
  #inFlight = 0;
  #maxInFlight = 0;

  /** The resolved plan, once {@link setUp} has run. */
  get plan(): ResolvedStream | undefined {
    return this.#plan;
  }

  /** The LBA the next command starts at. */
  get next(): bigint {
    return this.#next;
  }

  /** Commands started and not yet settled. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Most commands that were in flight at once. */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  /** Resolves the plan against `device` (READ CAPACITY when needed) and returns the options every command runs with. */
  async setUp(device: BlockIo, options: BlockStreamOptions): Promise<ReadBlocksOptions> {
    const { plan, commandOptions } = await setUpStream(device, options, this.#abort.signal);
    this.#plan = plan;
    this.#next = plan.start;
    return commandOptions;
  }

  /**
   * Starts the command for the `count` blocks at {@link next} (`run` gets
   * their LBA), counts it until it settles, then calls `done` or `failed`.
   */
  start(count: number, run: (lba: bigint) => Promise<unknown>, done: () => void, failed: (e: Error) => void): void {
    const lba = this.#next;
    this.#next += BigInt(count);
    if (++this.#inFlight > this.#maxInFlight) this.#maxInFlight = this.#inFlight;
    const p = run(lba).then(
      () => {
        this.#inFlight--;
        done();
      },
      (e: unknown) => {
        this.#inFlight--;
        failed(e as Error);
      },
    );
    this.#settled.add(p);
    void p.finally(() => this.#settled.delete(p));
  }

  /** Withdraws queued commands and calls `callback` once those in flight have settled (Node's `_destroy`). */
  destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#abort.abort(error ?? new Error('stream destroyed'));
    Promise.allSettled([...this.#settled]).then(
      () => callback(error),
      () => callback(error),
    );
  }
}
