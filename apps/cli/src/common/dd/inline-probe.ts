/**
 * Whether queueing buys anything on this device. With `--qd N` dd submits
 * through the sg driver's asynchronous interface: one `write()` to submit,
 * one `read()` for the answer. A device that finishes each command inside
 * the submitting `write()` (scsi_debug with no delay, for one)
 * leaves nothing to overlap, so the pair only costs a second system call
 * and an event-loop turn per transfer: measured in the lab, `--mmap --qd 2`
 * ran at 0.4-0.7 of `--qd 1`. The probe watches the first queued commands;
 * when every one of {@link INLINE_PROBE_COMMANDS} was already answered when
 * its submit returned, the endpoint goes on with SG_IO (one system call per
 * transfer, as with `--qd 1`). One command still in flight after its submit
 * ends the probe for good: the device takes time, and queueing stays.
 */

/** Queued commands in a row that must be answered inside their submit before dd switches to SG_IO. */
export const INLINE_PROBE_COMMANDS = 32;

/** What the probe has decided. */
export type InlineVerdict = 'probing' | 'inline' | 'queued';

/** Watches submissions until it can say whether the device answers inside them. */
export class InlineProbe {
  #answered = 0;
  #verdict: InlineVerdict;

  /** @param enabled - false: never switch (`--always-queue`); the verdict is `queued` from the start. */
  constructor(enabled: boolean) {
    this.#verdict = enabled ? 'probing' : 'queued';
  }

  /** The decision so far. */
  get verdict(): InlineVerdict {
    return this.#verdict;
  }

  /** True while submissions should still be observed. */
  get probing(): boolean {
    return this.#verdict === 'probing';
  }

  /**
   * Records one submission: `stillInFlight` is the number of commands the
   * fd had in flight right after the submit returned (0: the driver had
   * already answered it, and every earlier one).
   */
  observe(stillInFlight: number): void {
    if (this.#verdict !== 'probing') return;
    if (stillInFlight > 0) this.#verdict = 'queued';
    else if (++this.#answered >= INLINE_PROBE_COMMANDS) this.#verdict = 'inline';
  }
}
