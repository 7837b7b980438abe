/** The errors of @sgio/target: one base class with a stable `code`. */

/** Stable codes of {@link TargetError}. */
export type TargetErrorCode =
  /** The mailbox is not one this package understands (version, sizes outside the mapping). */
  | 'ETCMU_MAILBOX'
  /** The command ring holds something impossible (an offset or length outside the ring): serving stops. */
  | 'ETCMU_RING_BROKEN'
  /** The uio device is not a TCMU device, or its map could not be found. */
  | 'ETCMU_UIO'
  /** configfs refused a setting, or the target modules are not loaded. */
  | 'ETCMU_CONFIGFS'
  /** The target was used after close(). */
  | 'ETCMU_CLOSED'
  /** A backing store was asked for bytes outside it, or failed. */
  | 'ETCMU_STORE'
  /** An argument is out of range. */
  | 'ETCMU_ARGUMENT'
  /** The kernel could not copy a command's data (a data-area page it could not fault in). */
  | 'ETCMU_DATA';

/** An error of the user-space target. `code` is stable; the message says what to do. */
export class TargetError extends Error {
  /** The stable code. */
  readonly code: TargetErrorCode;

  /** Creates an error with a code and a message that says what to do. */
  constructor(code: TargetErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TargetError';
    this.code = code;
  }
}
