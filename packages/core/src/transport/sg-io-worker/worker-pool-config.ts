/**
 * The sizes that govern SG_IO on the libc worker pool (the transport of
 * read-only sg fds): the pool's thread count and the per-device cap of
 * calls on it (see `device-gate.ts`).
 *
 * Defaults: 16 threads (libc's; `SGIO_WORKER_THREADS`), at most 8 calls per
 * device (`SGIO_WORKER_CALLS_PER_DEVICE`), so one hung device leaves half
 * the pool to the others. For full isolation give the pool at least
 * devices x per-device threads.
 */
import { configureAsync, prestartAsync } from '@sgio/libc';
import { DeviceGate } from './device-gate.js';

/** Options of {@link configureWorkerPool}. */
export interface WorkerPoolOptions {
  /** Worker threads of the pool (libc's `maxThreads`; default 16 or `SGIO_WORKER_THREADS`). Each SG_IO in the kernel holds one. */
  readonly threads?: number;
  /** Most SG_IO calls one device may have on the pool at once (default 8 or `SGIO_WORKER_CALLS_PER_DEVICE`); more wait in JavaScript. */
  readonly perDevice?: number;
  /**
   * How long an idle thread beyond the first lives, in ms (libc's default 5000). Starting a
   * thread costs tens of ms on a quiet machine and seconds on a loaded one; a server keeps
   * its threads longer.
   */
  readonly idleTimeoutMs?: number;
}

/** The per-device cap in force. */
export function workerCallsPerDevice(): number {
  return DeviceGate.perDevice;
}

/**
 * Sizes the worker pool that runs SG_IO for read-only sg fds (and the
 * poller of the async queue) and caps how much of it one device may hold.
 * Takes effect for the next calls; a raised cap lets calls already waiting go.
 *
 * @example
 * ```ts
 * // 8 devices, each at most 4 calls on the pool: none can starve another
 * configureWorkerPool({ threads: 33, perDevice: 4 });
 * ```
 */
export function configureWorkerPool(options: WorkerPoolOptions): void {
  const { threads, perDevice, idleTimeoutMs } = options;
  if (perDevice !== undefined && (!Number.isInteger(perDevice) || perDevice < 1 || perDevice > 1024)) {
    throw new RangeError(`perDevice must be an integer 1..1024, got ${String(perDevice)}`);
  }
  if (threads !== undefined) {
    if (!Number.isInteger(threads) || threads < 1 || threads > 1024) throw new RangeError(`threads must be an integer 1..1024, got ${String(threads)}`);
    configureAsync({ maxThreads: threads });
  }
  if (idleTimeoutMs !== undefined) {
    if (!Number.isFinite(idleTimeoutMs) || idleTimeoutMs < 0) throw new RangeError(`idleTimeoutMs must be a number of ms >= 0, got ${String(idleTimeoutMs)}`);
    configureAsync({ idleTimeoutMs });
  }
  if (perDevice !== undefined) DeviceGate.setPerDevice(perDevice);
}

/**
 * Starts `threads` worker threads of the pool now (default one), before any
 * command needs them: SG_IO on a read-only fd and the async queue's poller
 * both run there, and starting a thread is a whole Node.js isolate plus
 * koffi (about 0.6 s in the lab's one-CPU guest). A server calls this when
 * it starts, so its first device request does not wait for the thread. A
 * started thread that gets no work costs memory, not CPU, and does not keep
 * the process alive; a thread that cannot start is reported by the first
 * command instead.
 */
export function prestartWorkerPool(threads = 1): void {
  prestartAsync(threads);
}
