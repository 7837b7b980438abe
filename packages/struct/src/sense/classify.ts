/**
 * Error categories of a SCSI command outcome, numbered like sg3_utils'
 * SG_LIB_CAT_* values so that they can serve as process exit statuses.
 *
 * @packageDocumentation
 */

import { DecodeError } from '../errors/decode-error.js';
import { DRIVER_MASK, DriverStatus } from '../status/driver-status.js';
import { HostStatus } from '../status/host-status.js';
import { ScsiStatus } from '../status/scsi-status.js';
import { SenseKey } from '../tables/sense-keys.js';
import { decodeSense, senseHeader } from './decode.js';
import type { SenseData } from './types.js';

/**
 * The outcome categories, with sg3_utils' exit status numbers (sg_lib.h,
 * SG_LIB_CAT_*): `sgio` exits with these so scripts written for sg3_utils
 * keep working.
 */
export const SenseCategory = {
  /** No error. */
  CLEAN: 0,
  /** Sense key NOT READY. */
  NOT_READY: 2,
  /** Sense key MEDIUM ERROR, HARDWARE ERROR or BLANK CHECK. */
  MEDIUM_HARD: 3,
  /** Sense key ILLEGAL REQUEST (other than the two below). */
  ILLEGAL_REQUEST: 5,
  /** Sense key UNIT ATTENTION. */
  UNIT_ATTENTION: 6,
  /** Sense key DATA PROTECT. */
  DATA_PROTECT: 7,
  /** ILLEGAL REQUEST, invalid command operation code (0x20/0x00). */
  INVALID_OPCODE: 9,
  /** Sense key COPY ABORTED. */
  COPY_ABORTED: 10,
  /** Sense key ABORTED COMMAND (other than protection errors). */
  ABORTED_COMMAND: 11,
  /** Sense key MISCOMPARE. */
  MISCOMPARE: 14,
  /** ILLEGAL REQUEST with a valid INFORMATION field. */
  ILLEGAL_REQUEST_WITH_INFO: 17,
  /** MEDIUM or HARDWARE ERROR with a valid INFORMATION field. */
  MEDIUM_HARD_WITH_INFO: 18,
  /** Sense key NO SENSE. */
  NO_SENSE: 20,
  /** Sense key RECOVERED ERROR: the command succeeded after recovery. */
  RECOVERED: 21,
  /** ILLEGAL REQUEST, logical block address out of range (0x21/0x00). */
  LBA_OUT_OF_RANGE: 22,
  /** Status RESERVATION CONFLICT. */
  RESERVATION_CONFLICT: 24,
  /** Status CONDITION MET. */
  CONDITION_MET: 25,
  /** Status BUSY. */
  BUSY: 26,
  /** Status TASK SET FULL. */
  TASK_SET_FULL: 27,
  /** Status ACA ACTIVE. */
  ACA_ACTIVE: 28,
  /** Status TASK ABORTED. */
  TASK_ABORTED: 29,
  /** The command timed out (host DID_TIME_OUT and kin, or DRIVER_TIMEOUT). */
  TIMEOUT: 33,
  /** ABORTED COMMAND with ASC 0x10: protection information error. */
  PROTECTION: 40,
  /** Protection error with a valid INFORMATION field. */
  PROTECTION_WITH_INFO: 41,
  /** The response or sense data is malformed. */
  MALFORMED: 97,
  /** Sense data that fits no other category (or cannot be decoded). */
  SENSE: 98,
  /** Any other error (transport, driver). */
  OTHER: 99,
} as const;

/** A category name. */
export type SenseCategoryName = keyof typeof SenseCategory;
/** A category value (an sg3_utils exit status). */
export type SenseCategoryValue = (typeof SenseCategory)[SenseCategoryName];

/** A one-line description of each category. */
export const SENSE_CATEGORY_TEXT: Readonly<Record<SenseCategoryValue, string>> = {
  0: 'No errors',
  2: 'Device not ready',
  3: 'Medium or hardware error',
  5: 'Illegal request',
  6: 'Unit attention',
  7: 'Data protect',
  9: 'Illegal request, Invalid opcode',
  10: 'Copy aborted',
  11: 'Aborted command',
  14: 'Miscompare',
  17: 'Illegal request with Info field',
  18: 'Medium or hardware error with Info',
  20: 'No sense key',
  21: 'Recovered error (warning)',
  22: 'LBA out of range',
  24: 'Reservation conflict',
  25: 'Condition met',
  26: 'Busy',
  27: 'Task set full',
  28: 'ACA active',
  29: 'Task aborted',
  33: 'SCSI command timeout',
  40: 'Aborted command, protection error',
  41: 'Aborted command, protection error with Info field',
  97: 'Response to SCSI command malformed',
  98: 'Some other sense data problem',
  99: 'Some other error/warning has occurred',
};

/** The description of a category value, e.g. `2` gives `"Device not ready"`. */
export function senseCategoryText(category: number): string {
  return (SENSE_CATEGORY_TEXT as Readonly<Record<number, string>>)[category] ?? `Sense category: ${category}`;
}

/** The name of a category value, e.g. `6` gives `"UNIT_ATTENTION"`, or undefined. */
export function senseCategoryName(category: number): SenseCategoryName | undefined {
  for (const [name, value] of Object.entries(SenseCategory)) if (value === category) return name as SenseCategoryName;
  return undefined;
}

/** Options of {@link classifySense}. */
export interface ClassifySenseOptions {
  /**
   * Use the *_WITH_INFO categories (17, 18, 41) when the INFORMATION field is
   * valid, as some sg3_utils utilities do. Default false.
   */
  readonly withInfo?: boolean;
}

function fromKey(
  senseKey: number,
  asc: number,
  ascq: number,
  infoValid: boolean,
  withInfo: boolean,
): SenseCategoryValue {
  switch (senseKey) {
    case SenseKey.NO_SENSE:
      return SenseCategory.NO_SENSE;
    case SenseKey.RECOVERED_ERROR:
      return SenseCategory.RECOVERED;
    case SenseKey.NOT_READY:
      return SenseCategory.NOT_READY;
    case SenseKey.MEDIUM_ERROR:
    case SenseKey.HARDWARE_ERROR:
    case SenseKey.BLANK_CHECK:
      return withInfo && infoValid && senseKey !== SenseKey.BLANK_CHECK
        ? SenseCategory.MEDIUM_HARD_WITH_INFO
        : SenseCategory.MEDIUM_HARD;
    case SenseKey.UNIT_ATTENTION:
      return SenseCategory.UNIT_ATTENTION;
    case SenseKey.ILLEGAL_REQUEST:
      if (asc === 0x20 && ascq === 0x00) return SenseCategory.INVALID_OPCODE;
      if (asc === 0x21 && ascq === 0x00) return SenseCategory.LBA_OUT_OF_RANGE;
      return withInfo && infoValid ? SenseCategory.ILLEGAL_REQUEST_WITH_INFO : SenseCategory.ILLEGAL_REQUEST;
    case SenseKey.ABORTED_COMMAND:
      if (asc === 0x10) {
        return withInfo && infoValid ? SenseCategory.PROTECTION_WITH_INFO : SenseCategory.PROTECTION;
      }
      return SenseCategory.ABORTED_COMMAND;
    case SenseKey.DATA_PROTECT:
      return SenseCategory.DATA_PROTECT;
    case SenseKey.COPY_ABORTED:
      return SenseCategory.COPY_ABORTED;
    case SenseKey.MISCOMPARE:
      return SenseCategory.MISCOMPARE;
    default:
      return SenseCategory.SENSE;
  }
}

/**
 * The category of sense data, like sg3_utils' `sg_err_category_sense()`:
 * by sense key, with INVALID_OPCODE (0x20/0x00) and LBA_OUT_OF_RANGE
 * (0x21/0x00) split from ILLEGAL REQUEST and PROTECTION (ASC 0x10) from
 * ABORTED COMMAND. Raw bytes are decoded first; when the descriptors are
 * malformed the header alone decides; bytes that are not sense data give
 * {@link SenseCategory.SENSE}. Never throws for bad bytes.
 */
export function classifySense(sense: SenseData | Uint8Array, options: ClassifySenseOptions = {}): SenseCategoryValue {
  const withInfo = options.withInfo ?? false;
  if (sense instanceof Uint8Array) {
    let decoded: SenseData;
    try {
      decoded = decodeSense(sense);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      const header = senseHeader(sense);
      if (header === undefined) return SenseCategory.SENSE;
      return fromKey(header.senseKey, header.asc, header.ascq, false, withInfo);
    }
    return classifySense(decoded, options);
  }
  return fromKey(sense.senseKey, sense.asc, sense.ascq, sense.valid && sense.information !== undefined, withInfo);
}

/** What a SCSI pass-through returned, for {@link classifyOutcome}. */
export interface CommandOutcome {
  /** SCSI status byte (`sg_io_hdr.status`). */
  readonly status: number;
  /** `sg_io_hdr.host_status` (DID_*), default 0. */
  readonly hostStatus?: number;
  /** `sg_io_hdr.driver_status` (DRIVER_* | SUGGEST_*), default 0. */
  readonly driverStatus?: number;
  /** The sense buffer (the first `sb_len_wr` bytes) or its decoded form. */
  readonly sense?: Uint8Array | SenseData;
}

/**
 * The category of a whole command outcome, like sg3_utils'
 * `sg_err_category_new()`: CHECK CONDITION (or COMMAND TERMINATED, or
 * DRIVER_SENSE) is classified by its sense data; other non-GOOD statuses by
 * status; then host errors (connection and timeout ones give TIMEOUT), then
 * driver errors (DRIVER_TIMEOUT gives TIMEOUT); everything clean is CLEAN.
 */
export function classifyOutcome(outcome: CommandOutcome, options: ClassifySenseOptions = {}): SenseCategoryValue {
  const status = outcome.status & 0x7e;
  const host = outcome.hostStatus ?? HostStatus.DID_OK;
  const driver = (outcome.driverStatus ?? DriverStatus.DRIVER_OK) & DRIVER_MASK;
  if (status === ScsiStatus.GOOD && host === HostStatus.DID_OK && driver === DriverStatus.DRIVER_OK) return SenseCategory.CLEAN;
  if (status === ScsiStatus.CHECK_CONDITION || status === ScsiStatus.COMMAND_TERMINATED || driver === DriverStatus.DRIVER_SENSE) {
    const sense = outcome.sense;
    if (sense === undefined || (sense instanceof Uint8Array && sense.length === 0)) return SenseCategory.SENSE;
    return classifySense(sense, options);
  }
  switch (status) {
    case ScsiStatus.GOOD:
      break;
    case ScsiStatus.CONDITION_MET:
      return SenseCategory.CONDITION_MET;
    case ScsiStatus.BUSY:
      return SenseCategory.BUSY;
    case ScsiStatus.RESERVATION_CONFLICT:
      return SenseCategory.RESERVATION_CONFLICT;
    case ScsiStatus.TASK_SET_FULL:
      return SenseCategory.TASK_SET_FULL;
    case ScsiStatus.ACA_ACTIVE:
      return SenseCategory.ACA_ACTIVE;
    case ScsiStatus.TASK_ABORTED:
      return SenseCategory.TASK_ABORTED;
    default:
      return SenseCategory.OTHER;
  }
  if (host !== HostStatus.DID_OK) {
    return host === HostStatus.DID_NO_CONNECT || host === HostStatus.DID_BUS_BUSY || host === HostStatus.DID_TIME_OUT ? SenseCategory.TIMEOUT : SenseCategory.OTHER;
  }
  return driver === DriverStatus.DRIVER_TIMEOUT ? SenseCategory.TIMEOUT : SenseCategory.OTHER;
}
