/**
 * A time bound as an AbortSignal whose timer is cleared as soon as the bound
 * is moot. `AbortSignal.timeout()` cannot be cleared: its timer stays armed
 * (with a weak reference to the signal) for the whole timeout after the
 * request is done, so a busy sgiod kept one such timer per request for the
 * request timeout's length.
 */

/** A timer that aborts {@link Deadline.signal} with a `TimeoutError` after `ms`, unless {@link Deadline.clear}ed first. */
export class Deadline {
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;

  /** @param ms - milliseconds until the signal aborts */
  constructor(ms: number) {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#controller.abort(new DOMException(`the bound of ${ms} ms passed`, 'TimeoutError'));
    }, ms);
    // a bound never keeps the process alive on its own (AbortSignal.timeout's timers do not either)
    this.#timer.unref();
  }

  /** Aborted (reason: a `TimeoutError` DOMException) once the time has passed. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once the time has passed (and the bound was not cleared before). */
  get aborted(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Stops the timer; the signal then never aborts. Idempotent. */
  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
