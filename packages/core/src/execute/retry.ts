/**
 * The retry decision: given a failed attempt, retry (and after how long) or
 * give up. Shared by the sync and async paths.
 */
import { SenseKey, isBusyStatus, isRetryableSense } from '@sgio/struct';
import { CheckConditionError, ScsiStatusError, type ScsiError } from '../errors/scsi-errors.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './options.js';
import type { RetryRecord } from './result.js';

/** Running state of the retries of one command. */
export class RetryState {
  private unitAttentions = 0;
  private busies = 0;
  private readyWaitedMs = 0;
  /** Retries done so far. */
  readonly records: RetryRecord[] = [];
  private readonly policy: Required<RetryPolicy> | undefined;

  constructor(policy: RetryPolicy | false | undefined) {
    this.policy = policy === false ? undefined : { ...DEFAULT_RETRY_POLICY, ...(policy ?? {}) };
  }

  /**
   * Milliseconds to wait before retrying after `error` at `attempt`, or -1 to
   * give up. Records the retry.
   */
  next(error: ScsiError, attempt: number): number {
    const p = this.policy;
    if (!p) return -1;
    if (error instanceof CheckConditionError) {
      // struct's outcome decides what is retryable; the sense key picks the budget
      if (!isRetryableSense(error.sense)) return -1;
      if (error.senseKey === SenseKey.UNIT_ATTENTION) {
        if (this.unitAttentions >= p.unitAttention) return -1;
        this.unitAttentions++;
        return this.record(attempt, 'unit-attention', error, 0);
      }
      if (this.readyWaitedMs < p.becomingReadyMs) {
        const wait = Math.min(p.becomingReadyIntervalMs, p.becomingReadyMs - this.readyWaitedMs);
        this.readyWaitedMs += wait;
        return this.record(attempt, 'becoming-ready', error, wait);
      }
      return -1;
    }
    if (error instanceof ScsiStatusError && isBusyStatus(error.status) && this.busies < p.busy) {
      this.busies++;
      return this.record(attempt, 'busy', error, p.busyDelayMs);
    }
    return -1;
  }

  private record(attempt: number, reason: string, error: ScsiError, waitedMs: number): number {
    const detail = error instanceof CheckConditionError ? `${error.senseKeyName}: ${error.senseText}` : error.result.statusName;
    this.records.push({ attempt, reason, detail, waitedMs });
    return waitedMs;
  }
}
