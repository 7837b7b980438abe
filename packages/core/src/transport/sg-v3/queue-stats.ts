/**
 * Counters of an sg transport (`SgDevice.queueStats()`).
 */

/** Counters for tests and metrics. */
export interface QueueStats {
  /** Commands written to the driver and not yet read back (aborted ones included). */
  readonly inFlight: number;
  /** Commands waiting in the JS queue. */
  readonly waiting: number;
  /** Highest number of commands in flight at once. */
  readonly maxInFlight: number;
  /** Completions read and discarded (aborted or timed out before they came). */
  readonly discarded: number;
  /** Commands submitted to the driver since the device was opened. */
  readonly submitted: number;
  /** Background polls run because no completion was ready yet. */
  readonly polls: number;
  /** Turns the queue yielded to the event loop after a burst of completions. */
  readonly yields: number;
}
