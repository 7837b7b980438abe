/** What a handler answers: a status, data-in bytes, sense data; and the helpers that build the usual answers. */
import { encodeSense, ScsiStatus, type SenseInput } from '@sgio/struct';

/** A handler's answer to one command. */
export interface ScsiResponse {
  /** SCSI status (ScsiStatus.GOOD, CHECK_CONDITION, BUSY, ...). */
  readonly status: number;
  /** Data-in bytes; more than the command's buffer is cut to it (allocation length). */
  readonly data?: Uint8Array | undefined;
  /** Sense data, with CHECK CONDITION. */
  readonly sense?: Uint8Array | undefined;
  /**
   * Called once `data` has been copied to the initiator, or will never be
   * (the command failed, was dropped, the device closed): the data's buffer
   * may then be reused. The default READ handler returns its pooled buffer
   * this way.
   */
  readonly release?: (() => void) | undefined;
}

/** A sense key with its additional sense code and qualifier. */
export interface SenseCode {
  /** Sense key. */
  readonly key: number;
  /** Additional sense code. */
  readonly asc: number;
  /** Additional sense code qualifier. */
  readonly ascq: number;
}

/** The sense codes the default handlers answer with (SPC-6 Annex F). */
export const Sense = {
  /** ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE. */
  INVALID_OPCODE: { key: 0x5, asc: 0x20, ascq: 0x00 },
  /** ILLEGAL REQUEST, INVALID FIELD IN CDB. */
  INVALID_FIELD_IN_CDB: { key: 0x5, asc: 0x24, ascq: 0x00 },
  /** ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST. */
  INVALID_FIELD_IN_PARAMETER_LIST: { key: 0x5, asc: 0x26, ascq: 0x00 },
  /** ILLEGAL REQUEST, PARAMETER LIST LENGTH ERROR. */
  PARAMETER_LIST_LENGTH_ERROR: { key: 0x5, asc: 0x1a, ascq: 0x00 },
  /** ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE. */
  LBA_OUT_OF_RANGE: { key: 0x5, asc: 0x21, ascq: 0x00 },
  /** MEDIUM ERROR, UNRECOVERED READ ERROR. */
  UNRECOVERED_READ_ERROR: { key: 0x3, asc: 0x11, ascq: 0x00 },
  /** MEDIUM ERROR, WRITE ERROR. */
  WRITE_ERROR: { key: 0x3, asc: 0x0c, ascq: 0x00 },
  /** MISCOMPARE, MISCOMPARE DURING VERIFY OPERATION. */
  MISCOMPARE_DURING_VERIFY: { key: 0xe, asc: 0x1d, ascq: 0x00 },
  /** HARDWARE ERROR, INTERNAL TARGET FAILURE. */
  INTERNAL_TARGET_FAILURE: { key: 0x4, asc: 0x44, ascq: 0x00 },
  /** NOT READY, LOGICAL UNIT NOT READY, CAUSE NOT REPORTABLE. */
  NOT_READY: { key: 0x2, asc: 0x04, ascq: 0x00 },
  /** UNIT ATTENTION, POWER ON, RESET, OR BUS DEVICE RESET OCCURRED. */
  POWER_ON_RESET: { key: 0x6, asc: 0x29, ascq: 0x00 },
  /** UNIT ATTENTION, CAPACITY DATA HAS CHANGED. */
  CAPACITY_CHANGED: { key: 0x6, asc: 0x2a, ascq: 0x09 },
  /** NO SENSE, no additional information. */
  NO_SENSE: { key: 0x0, asc: 0x00, ascq: 0x00 },
} as const satisfies Record<string, SenseCode>;

/** GOOD status with optional data-in bytes. */
export function good(data?: Uint8Array): ScsiResponse {
  return { status: ScsiStatus.GOOD, data };
}

/** CHECK CONDITION with fixed-format sense built by struct's `encodeSense` (`information` sets VALID, e.g. the failing LBA). */
export function checkCondition(code: SenseCode, information?: number | bigint, options: Pick<SenseInput, 'descriptor'> = {}): ScsiResponse {
  const fits = information === undefined || BigInt(information) <= 0xffff_ffffn;
  return {
    status: ScsiStatus.CHECK_CONDITION,
    sense: encodeSense({ ...code, information, descriptor: options.descriptor ?? !fits }),
  };
}
