/**
 * Options of `execute()` / `executeSync()` and the retry policy.
 */
import type { DataDirection } from '@sgio/struct';

/**
 * How data moves between the device and memory: `indirect` (the sg driver
 * copies through its own buffers), `direct` (the driver maps the caller's
 * pages, `SG_FLAG_DIRECT_IO`; data to send of at most 16 KiB that crosses a
 * page boundary without starting on one is first copied into page-aligned
 * memory, see `transport/out-bounce.ts`), `mmap` (the reserved buffer,
 * mapped into the process).
 */
export type TransferMode = 'indirect' | 'direct' | 'mmap';

/** When and how often to retry; `false` turns retries off. */
export interface RetryPolicy {
  /** Retries after UNIT ATTENTION (default 1). */
  readonly unitAttention?: number;
  /** Wait for NOT READY "becoming ready" (ASC 04h/01h), up to this many ms in total (default 10 000; 0 = no wait). */
  readonly becomingReadyMs?: number;
  /** Interval between "becoming ready" polls in ms (default 250). */
  readonly becomingReadyIntervalMs?: number;
  /** Retries after BUSY / TASK SET FULL (default 0). */
  readonly busy?: number;
  /** Delay before a BUSY retry in ms (default 100). */
  readonly busyDelayMs?: number;
}

/** The default policy: retry UNIT ATTENTION once, wait up to 10 s for "becoming ready". */
export const DEFAULT_RETRY_POLICY: Required<RetryPolicy> = {
  unitAttention: 1,
  becomingReadyMs: 10_000,
  becomingReadyIntervalMs: 250,
  busy: 0,
  busyDelayMs: 100,
};

/** Options for one command. */
export interface ExecuteOptions {
  /** Data direction; needed for raw CDBs that move data (definitions know their own). */
  readonly direction?: DataDirection;
  /** Data to send (data-out). */
  readonly data?: Uint8Array;
  /**
   * Bytes to receive (data-in): a length, or a caller's buffer to fill. With
   * mmap IO the bytes are copied out of the mapping before the command
   * settles, into this buffer or a new one (the mapping is then free for the
   * next command; a view of it would be overwritten by the next mmap-ed
   * command on that fd, another caller's included). For zero-copy use of the
   * mapping, use a prepared request or `SgLanes.withLane`.
   */
  readonly receive?: number | Uint8Array;
  /** Logical block size, for definitions whose data length counts blocks (default 512). */
  readonly blockSize?: number;
  /** Timeout in milliseconds (default 60 000); the driver aborts the command after it. */
  readonly timeout?: number;
  /** Sense buffer size (default 64, at most 252). */
  readonly senseLength?: number;
  /** Queue at the head or the tail of the device's queue (default: the driver's choice). */
  readonly queueAt?: 'head' | 'tail';
  /**
   * Abort waiting for the command: the promise rejects at once with a
   * canceled error. A command already in flight may still complete; its late
   * completion is read and discarded (never given to another command), and
   * until then the kernel may still fill its receive buffer
   * (`queueStats().inFlight` counts it).
   */
  readonly signal?: AbortSignal;
  /** Transfer mode (default indirect). */
  readonly transfer?: TransferMode;
  /** Throw typed errors for bad outcomes (default true); false returns the raw result. */
  readonly throwOnError?: boolean;
  /**
   * Measure the wall-clock time of the command (`result.elapsedMs`) with
   * `performance.now()` (default false: the driver's `durationMs` is always
   * there, and reading the clock is a system call in some virtual machines).
   */
  readonly measure?: boolean;
  /**
   * The name of a raw CDB in results, errors and `onCommand` events
   * (default: the T10 name of its opcode); ignored for DSL definitions,
   * which carry their own.
   */
  readonly name?: string;
  /** Retry policy (default {@link DEFAULT_RETRY_POLICY}); false for none. */
  readonly retry?: RetryPolicy | false;
}
