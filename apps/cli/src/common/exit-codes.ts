/**
 * Exit statuses, following sg3_utils' categories so scripts keep working.
 */

/** sgio's exit statuses (the same numbers sg3_utils uses). */
export const ExitCode = {
  OK: 0,
  SYNTAX: 1,
  NOT_READY: 2,
  MEDIUM_HARD: 3,
  ILLEGAL_REQUEST: 5,
  UNIT_ATTENTION: 6,
  DATA_PROTECT: 7,
  INVALID_OPCODE: 9,
  ABORTED_COMMAND: 11,
  MISCOMPARE: 14,
  FILE_ERROR: 15,
  LBA_OUT_OF_RANGE: 22,
  RESERVATION_CONFLICT: 24,
  BUSY: 26,
  TIMEOUT: 33,
  TRANSPORT: 35,
  MALFORMED: 97,
  OTHER: 99,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
