/**
 * The lanes of one device: up to `limit` file descriptors, each with its
 * own reserved buffer mapped for mmap-ed IO (the sg driver allows one
 * mmap-ed request per fd). A lane runs one command at a time, so the number
 * of lanes is the per-device concurrency limit; callers beyond it wait in
 * line, up to a timeout.
 */
import { SgDevice, type OpenOptions } from '@sgio/core';
import { ProblemError } from '../errors/problem-error.js';

/** How lanes are opened. */
export interface LaneOptions {
  /** Commands in flight at most (lanes). */
  readonly limit: number;
  /** Open read-only. */
  readonly readOnly: boolean;
  /** Reserved-buffer size to ask for. */
  readonly ioSizeBytes: number;
  /** Opens a device (default SgDevice.open). */
  readonly open?: (path: string, options: OpenOptions) => Promise<SgDevice>;
  /** Called when the number in flight changes. */
  readonly onInFlight?: (inFlight: number, peak: number) => void;
}

interface Waiter {
  resolve(lane: SgDevice): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/** The lanes of one device path. */
export class DeviceLanes {
  readonly #path: string;
  readonly #options: LaneOptions;
  readonly #all: SgDevice[] = [];
  readonly #free: SgDevice[] = [];
  readonly #waiters: Waiter[] = [];
  #opening = 0;
  #inFlight = 0;
  #peak = 0;
  #failure: Error | undefined;
  #idle: (() => void)[] = [];

  constructor(path: string, options: LaneOptions) {
    this.#path = path;
    this.#options = options;
  }

  /** Commands (lane leases) in flight. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most ever in flight. */
  get peak(): number {
    return this.#peak;
  }

  /** The error that ended this device (gone), if any. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Runs `fn` with a lane to itself; waits up to `timeoutMs` for one. */
  async use<T>(fn: (lane: SgDevice) => Promise<T>, timeoutMs: number): Promise<T> {
    const lane = await this.#acquire(timeoutMs);
    try {
      return await fn(lane);
    } finally {
      this.#release(lane);
    }
  }

  async #acquire(timeoutMs: number): Promise<SgDevice> {
    if (this.#failure !== undefined) throw this.#failure;
    let lane = this.#free.pop();
    if (!lane && this.#all.length + this.#opening < this.#options.limit) lane = await this.#openLane();
    if (!lane) {
      // a releasing caller hands its lane over with the in-flight count unchanged
      return new Promise<SgDevice>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          timer: setTimeout(() => {
            const i = this.#waiters.indexOf(waiter);
            if (i >= 0) this.#waiters.splice(i, 1);
            reject(
              new ProblemError(503, 'device-busy', 'Device busy', `${this.#path} stayed busy (all ${this.#options.limit} lanes in use) for ${timeoutMs} ms; retry later.`, {
                headers: { 'retry-after': '1' },
              }),
            );
          }, timeoutMs),
        };
        this.#waiters.push(waiter);
      });
    }
    this.#inFlight++;
    if (this.#inFlight > this.#peak) this.#peak = this.#inFlight;
    this.#options.onInFlight?.(this.#inFlight, this.#peak);
    return lane;
  }

  async #openLane(): Promise<SgDevice> {
    this.#opening++;
    try {
      const open = this.#options.open ?? ((p: string, o: OpenOptions) => SgDevice.open(p, o));
      const lane = await open(this.#path, { readOnly: this.#options.readOnly, reservedSize: this.#options.ioSizeBytes });
      try {
        lane.mapReservedBuffer();
      } catch (e) {
        await lane.close();
        throw e;
      }
      if (this.#failure !== undefined) {
        await lane.close();
        throw this.#failure;
      }
      this.#all.push(lane);
      return lane;
    } finally {
      this.#opening--;
    }
  }

  #release(lane: SgDevice): void {
    const waiter = this.#failure === undefined && !lane.closed ? this.#waiters.shift() : undefined;
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(lane);
      return;
    }
    this.#inFlight--;
    this.#options.onInFlight?.(this.#inFlight, this.#peak);
    if (this.#failure === undefined && !lane.closed) this.#free.push(lane);
    this.#checkIdle();
  }

  #checkIdle(): void {
    if (this.#inFlight === 0 && this.#waiters.length === 0) {
      const idle = this.#idle;
      this.#idle = [];
      for (const f of idle) f();
    }
  }

  /** Resolves when nothing is in flight or waiting (or after `timeoutMs`). */
  drained(timeoutMs: number): Promise<void> {
    if (this.#inFlight === 0 && this.#waiters.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Marks the device failed (gone or closing): waiters and later callers get `error`; the lanes close. */
  async fail(error: unknown): Promise<void> {
    this.#failure ??= error instanceof Error ? error : new Error(String(error));
    for (const w of this.#waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(this.#failure);
    }
    this.#free.length = 0;
    const lanes = this.#all.splice(0);
    await Promise.allSettled(lanes.map((l) => l.close()));
    this.#checkIdle();
  }
}
