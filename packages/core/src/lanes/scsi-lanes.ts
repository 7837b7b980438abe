/**
 * `ScsiLanes`: what `SgLanes` and `BsgLanes` both offer, for a caller that
 * takes whichever `openLanes` opened.
 */
import type { ScsiDevice } from '../device/scsi-device.js';
import type { LanesStats } from './sg-lanes.js';

/** N lanes on one device, of either kind. */
export interface ScsiLanes {
  /** `sg` (`SgLanes`: an fd and a mapped reserved buffer per lane) or `bsg` (`BsgLanes`: one bsg node). */
  readonly kind: 'sg' | 'bsg';
  /** The node the lanes use. */
  readonly path: string;
  /** Number of lanes: the most commands at once. */
  readonly lanes: number;
  /** True once {@link close} has been called. */
  readonly closed: boolean;
  /** How block data moves through a lane: `mmap` (the lane's reserved buffer) or `indirect` (the caller's buffer). */
  readonly transfer: 'mmap' | 'indirect';
  /** The most bytes one command may move through a lane with {@link transfer}, or undefined for no bound of the lanes' own. */
  readonly maxTransferBytes: number | undefined;
  /** Current counters. */
  stats(): LanesStats;
  /** Runs `fn` in a free lane (waiting in order for one, or until `signal` fires). */
  withLane<T>(fn: (device: ScsiDevice, lane: number) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Rejects the waiting callers and closes the lanes once their commands complete. Idempotent. */
  close(): Promise<void>;
  /** `await using` support: calls {@link close}. */
  [Symbol.asyncDispose](): Promise<void>;
}
