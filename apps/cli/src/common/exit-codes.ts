/**
 * Exit statuses, following sg3_utils' categories so scripts keep working.
 */
import { exitStatusForCategory } from '@sgio/struct';

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

/**
 * Maps an sg3_utils error category (as carried by `ScsiError.category`) to
 * the exit status: the categories with an "info" variant fold into their
 * base category, like sg3_utils does. This is struct's
 * `exitStatusForCategory` (one table for the CLI, core and the server).
 */
export function exitCodeForCategory(category: number): number {
  return exitStatusForCategory(category);
}
