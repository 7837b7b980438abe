/**
 * SCSI status codes (SAM), as returned in `sg_io_hdr.status`.
 *
 * @packageDocumentation
 */

/** The SCSI status codes of SAM-6, by name. */
export const ScsiStatus = {
  GOOD: 0x00,
  CHECK_CONDITION: 0x02,
  CONDITION_MET: 0x04,
  BUSY: 0x08,
  /** Obsolete since SAM-4. */
  INTERMEDIATE: 0x10,
  /** Obsolete since SAM-4. */
  INTERMEDIATE_CONDITION_MET: 0x14,
  RESERVATION_CONFLICT: 0x18,
  /** Obsolete since SAM-4. */
  COMMAND_TERMINATED: 0x22,
  TASK_SET_FULL: 0x28,
  ACA_ACTIVE: 0x30,
  TASK_ABORTED: 0x40,
} as const;

/** A named SCSI status value. */
export type ScsiStatusValue = (typeof ScsiStatus)[keyof typeof ScsiStatus];

/** The display name of each named SCSI status. */
export const SCSI_STATUS_NAMES: Readonly<Record<ScsiStatusValue, string>> = {
  0x00: 'Good',
  0x02: 'Check Condition',
  0x04: 'Condition Met',
  0x08: 'Busy',
  0x10: 'Intermediate (obsolete)',
  0x14: 'Intermediate-Condition Met (obsolete)',
  0x18: 'Reservation Conflict',
  0x22: 'Command terminated (obsolete)',
  0x28: 'Task Set Full',
  0x30: 'ACA Active',
  0x40: 'Task Aborted',
};

/**
 * The name of a SCSI status byte, e.g. `scsiStatusName(2)` is
 * `"Check Condition"`. Bits 7 and 0 are ignored (as sg3_utils and the
 * Linux mid-layer do); unassigned values give `"Unknown status [0x..]"`.
 */
export function scsiStatusName(status: number): string {
  const masked = status & 0x7e;
  return (
    (SCSI_STATUS_NAMES as Readonly<Record<number, string>>)[masked] ??
    `Unknown status [0x${masked.toString(16)}]`
  );
}

/** Whether a status means the command completed successfully (GOOD or CONDITION MET). */
export function isGoodStatus(status: number): boolean {
  const masked = status & 0x7e;
  return masked === ScsiStatus.GOOD || masked === ScsiStatus.CONDITION_MET;
}
