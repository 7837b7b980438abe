/**
 * The attempts of one command: after each, return the result, throw its
 * typed error, or wait and try again as the retry policy says. Shared by
 * every transport's sync and async execute, so outcome mapping, retries,
 * `throwOnError` and `measure` behave the same everywhere.
 */
import type { ScsiError } from '../errors/scsi-errors.js';
import type { ExecuteOptions } from './options.js';
import { errorFor } from './outcome.js';
import { annotateResult, type CommandResult } from './result.js';
import { RetryState } from './retry.js';

/** Judges the attempts of one command. */
export class Attempts {
  #retry: RetryState | undefined;
  readonly #startedAt: number;

  /**
   * @param options the command's options (retry policy, throwOnError, measure)
   * @param timeoutMs the command's timeout, for timeout errors
   * @param startedAt `performance.now()` at submission when measuring, else -1
   */
  constructor(
    private readonly options: ExecuteOptions,
    private readonly timeoutMs: number,
    startedAt: number,
  ) {
    this.#startedAt = startedAt;
  }

  /**
   * The verdict on attempt number `attempt`: the final result, or the
   * milliseconds to wait before the next attempt. Throws the typed error when
   * the command failed for good (unless `throwOnError` is false, which
   * returns the result). `error` may be passed when the caller computed it.
   */
  judge(result: CommandResult, attempt: number, error: ScsiError | undefined = errorFor(result, this.timeoutMs)): CommandResult | number {
    if (!error) return this.#retry || this.#startedAt >= 0 ? this.#annotate(result) : result;
    this.#retry ??= new RetryState(this.options.retry);
    const wait = this.#retry.next(error, attempt);
    if (wait >= 0) return wait;
    this.#annotate(result);
    if (this.options.throwOnError === false) return result;
    throw error;
  }

  #annotate(result: CommandResult): CommandResult {
    return annotateResult(result, this.#retry?.records, this.#startedAt >= 0 ? performance.now() - this.#startedAt : undefined);
  }
}

/** `performance.now()` when the options ask to measure, else -1 (no clock read). */
export function startClock(options: ExecuteOptions): number {
  return options.measure ? performance.now() : -1;
}
