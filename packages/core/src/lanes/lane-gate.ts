/**
 * `LaneGate`: who may use which of N lanes. A caller takes a free lane at
 * once or waits in order for one; a waiter whose AbortSignal fires leaves
 * the queue with a {@link CommandCanceledError}; closing the gate rejects
 * every waiter. What a lane is (an sg fd, a slot of one bsg device) is the
 * owner's business: {@link SgLanes} and {@link BsgLanes} share this.
 */
import { CommandCanceledError, DeviceClosedError } from '../errors/sgio-error.js';
import { Fifo } from '../util/fifo.js';
import type { LanesStats } from './sg-lanes.js';

/** The most lanes one set may have. */
export const MAX_LANES = 64;

/** Refuses a lane count outside 1..{@link MAX_LANES} (before any device is opened for it). */
export function checkLaneCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_LANES) throw new RangeError(`lanes must be an integer 1..${MAX_LANES}, got ${count}`);
}

interface LaneWaiter {
  readonly resolve: (lane: number) => void;
  readonly reject: (e: unknown) => void;
  readonly signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  done: boolean;
}

/** Free lanes and the callers waiting for one. */
export class LaneGate {
  /** Number of lanes. */
  readonly count: number;
  readonly #free: number[];
  readonly #waiters = new Fifo<LaneWaiter>();
  readonly #perLane: number[];
  #maxBusy = 0;
  #closed = false;

  /** `count` lanes, numbered 0..count-1, all free; `path` and `operation` name the device and the call in errors. */
  constructor(
    count: number,
    private readonly path: string,
    private readonly operation: string,
  ) {
    this.count = count;
    this.#free = Array.from({ length: count }, (_, i) => count - 1 - i);
    this.#perLane = Array.from({ length: count }, () => 0);
  }

  /** Lanes in use now. */
  get busy(): number {
    return this.count - this.#free.length;
  }

  /** Callers waiting for a lane. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Most lanes in use at once. */
  get maxBusy(): number {
    return this.#maxBusy;
  }

  /** The lanes' counters; `retired` is the owner's count of lanes it replaced. */
  stats(retired: number): LanesStats {
    return { lanes: this.count, busy: this.busy, waiting: this.waiting, maxBusy: this.#maxBusy, perLane: [...this.#perLane], retired };
  }

  /**
   * A free lane, at once or once one is released (in order of asking).
   * Rejects with {@link DeviceClosedError} after {@link close}, and with
   * {@link CommandCanceledError} (`aborted`) when `signal` fires first.
   */
  acquire(signal: AbortSignal | undefined): Promise<number> {
    if (this.#closed) return Promise.reject(new DeviceClosedError(this.path, this.operation));
    if (signal?.aborted) return Promise.reject(new CommandCanceledError('aborted', 'command', { cause: signal.reason }));
    const lane = this.#free.pop();
    if (lane !== undefined) {
      this.#took(lane);
      return Promise.resolve(lane);
    }
    return new Promise<number>((resolve, reject) => {
      const w: LaneWaiter = { resolve, reject, signal, onAbort: undefined, done: false };
      if (signal) {
        w.onAbort = () => {
          if (w.done) return;
          w.done = true;
          reject(new CommandCanceledError('aborted', 'command', { cause: signal.reason }));
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.#waiters.push(w);
    });
  }

  /** Gives `lane` to the first caller still waiting, or back to the free lanes. */
  release(lane: number): void {
    for (let w = this.#waiters.shift(); w; w = this.#waiters.shift()) {
      if (!claim(w)) continue;
      this.#perLane[lane]!++;
      w.resolve(lane);
      return;
    }
    this.#free.push(lane);
  }

  /** Refuses later callers and rejects the waiting ones with {@link CommandCanceledError} (`closed`). Idempotent. */
  close(): void {
    this.#closed = true;
    for (let w = this.#waiters.shift(); w; w = this.#waiters.shift()) {
      if (claim(w)) w.reject(new CommandCanceledError('closed', 'command'));
    }
  }

  #took(lane: number): void {
    this.#perLane[lane]!++;
    const busy = this.busy;
    if (busy > this.#maxBusy) this.#maxBusy = busy;
  }
}

/** Takes a waiter off its signal to settle it; false when it left already (aborted). */
function claim(w: LaneWaiter): boolean {
  if (w.done) return false;
  w.done = true;
  if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
  return true;
}
