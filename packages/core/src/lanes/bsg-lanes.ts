/**
 * `BsgLanes`: the lanes of {@link SgLanes} over one bsg node. A lane is a
 * turn at the device, not an fd: the device's transport (io_uring where the
 * kernel's bsg takes commands that way) has many commands in flight on one
 * fd, so N lanes bound how many of them run at once, and callers beyond
 * that wait in order, as with SgLanes.
 *
 * A command abandoned while the kernel still has it (its AbortSignal fired)
 * frees its lane at once: over io_uring the next command does not queue
 * behind it, so nothing needs replacing (SgLanes swaps the fd instead). The
 * transport keeps the abandoned command's buffers until the kernel returns
 * it, and {@link close} waits for that.
 *
 * Data moves through the caller's buffers (`transfer: 'indirect'`): bsg has
 * no reserved buffer to map.
 */
import { BsgDevice, type BsgTransportChoice } from '../device/bsg-device.js';
import type { CommandListener } from '../device/command-event.js';
import { LaneGate, checkLaneCount } from './lane-gate.js';
import type { LanesStats } from './sg-lanes.js';

/** Options of {@link BsgLanes.open}. */
export interface BsgLanesOptions {
  /** Commands at once, 1..64 (default 4). */
  readonly lanes?: number;
  /** Open the node read-only (as `BsgDevice.open`'s `readOnly`). */
  readonly readOnly?: boolean;
  /** Called after every command the device sends. */
  readonly onCommand?: CommandListener;
  /** How commands reach the kernel (as `BsgDevice.open`'s `transport`; default `auto`). */
  readonly transport?: BsgTransportChoice;
}

const asyncDispose: typeof Symbol.asyncDispose = Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose');

/** One bsg node shared by N lanes. */
export class BsgLanes {
  /** Which kind of lanes these are (tells the two apart in a `ScsiLanes`). */
  readonly kind = 'bsg' as const;
  /** How block data moves through a lane: the caller's buffer (bsg maps no reserved buffer). */
  readonly transfer = 'indirect' as const;
  /** The most bytes one command may move through a lane: no bound of the lanes' own (the kernel's queue limits apply). */
  readonly maxTransferBytes = undefined;
  /** The device every lane uses. */
  readonly device: BsgDevice;
  readonly #gate: LaneGate;
  #closing: Promise<void> | undefined;

  private constructor(device: BsgDevice, count: number) {
    this.device = device;
    this.#gate = new LaneGate(count, device.path, 'BsgLanes command');
  }

  /**
   * Opens the bsg node of `path` (a bsg node, or an sg node, block device or
   * `H:C:T:L` address whose bsg node is looked up) once, for `lanes`
   * commands at once. Fails like {@link BsgDevice.open}; with
   * `transport: 'io_uring'`, {@link TransportUnavailableError} where the kernel's bsg lacks it.
   *
   * @example
   * ```ts
   * await using lanes = await BsgLanes.open('/dev/sg1', { lanes: 8, readOnly: true, transport: 'io_uring' });
   * const data = await lanes.withLane((device) => device.readBlocks(0n, 8, { cdbSize: 16 }));
   * ```
   */
  static async open(path: string, options: BsgLanesOptions = {}): Promise<BsgLanes> {
    const count = options.lanes ?? 4;
    checkLaneCount(count);
    const device = await BsgDevice.open(path, {
      ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
      ...(options.onCommand ? { onCommand: options.onCommand } : {}),
      ...(options.transport ? { transport: options.transport } : {}),
    });
    return new BsgLanes(device, count);
  }

  /** The bsg node's path. */
  get path(): string {
    return this.device.path;
  }

  /** Number of lanes. */
  get lanes(): number {
    return this.#gate.count;
  }

  /** True once {@link close} has been called. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Current counters (`retired` is always 0: an abandoned command frees its lane without a replacement). */
  stats(): LanesStats {
    return this.#gate.stats(0);
  }

  /**
   * Runs `fn` in a free lane: at most {@link lanes} calls of `fn` run at
   * once; the others wait in order (or leave when `signal` fires).
   */
  async withLane<T>(fn: (device: BsgDevice, lane: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const lane = await this.#gate.acquire(signal);
    try {
      return await fn(this.device, lane);
    } finally {
      this.#gate.release(lane);
    }
  }

  /** Rejects the callers waiting for a lane and closes the device once its commands in flight complete. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#gate.close();
      await this.device.close();
    })();
    return this.#closing;
  }

  /** `await using lanes = await BsgLanes.open(...)` support: calls {@link close}. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }
}
