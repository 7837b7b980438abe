/**
 * Linux SCSI driver byte values (`sg_io_hdr.driver_status`): a 4-bit driver
 * code in bits 3..0 and a 4-bit suggestion in bits 7..4.
 *
 * @packageDocumentation
 */

/** The DRIVER_* codes (low nibble of `driver_status`). */
export const DriverStatus = {
  DRIVER_OK: 0x00,
  DRIVER_BUSY: 0x01,
  DRIVER_SOFT: 0x02,
  DRIVER_MEDIA: 0x03,
  DRIVER_ERROR: 0x04,
  DRIVER_INVALID: 0x05,
  DRIVER_TIMEOUT: 0x06,
  DRIVER_HARD: 0x07,
  /** Sense data is available in the sense buffer. */
  DRIVER_SENSE: 0x08,
} as const;

/** The SUGGEST_* bits (high nibble of `driver_status`). */
export const DriverSuggest = {
  SUGGEST_OK: 0x00,
  SUGGEST_RETRY: 0x10,
  SUGGEST_ABORT: 0x20,
  SUGGEST_REMAP: 0x30,
  SUGGEST_DIE: 0x40,
  SUGGEST_SENSE: 0x80,
} as const;

/** A DRIVER_* name. */
export type DriverStatusName = keyof typeof DriverStatus;
/** A DRIVER_* value. */
export type DriverStatusValue = (typeof DriverStatus)[DriverStatusName];
/** A SUGGEST_* name. */
export type DriverSuggestName = keyof typeof DriverSuggest;

/** Mask of the driver code in `driver_status`. */
export const DRIVER_MASK = 0x0f;
/** Mask of the suggestion in `driver_status`. */
export const SUGGEST_MASK = 0xf0;

const DRIVER_NAMES: readonly DriverStatusName[] = Object.keys(DriverStatus) as DriverStatusName[];
const SUGGEST_NAMES: Readonly<Record<number, DriverSuggestName>> = Object.fromEntries(
  Object.entries(DriverSuggest).map(([k, v]) => [v, k as DriverSuggestName]),
);

/** The two parts of a `driver_status` value. */
export interface DecodedDriverStatus {
  /** The driver code (bits 3..0). */
  readonly driver: number;
  /** Its DRIVER_* name, or `DRIVER_0x.` when unknown. */
  readonly driverName: string;
  /** The suggestion (bits 7..4, kept in place: 0x10, 0x20, ...). */
  readonly suggest: number;
  /** Its SUGGEST_* name, or `SUGGEST_0x..` when unknown. */
  readonly suggestName: string;
}

/** Splits a `driver_status` value into its driver code and suggestion, with names. */
export function decodeDriverStatus(driverStatus: number): DecodedDriverStatus {
  const driver = driverStatus & DRIVER_MASK;
  const suggest = driverStatus & SUGGEST_MASK;
  return {
    driver,
    driverName: DRIVER_NAMES[driver] ?? `DRIVER_0x${driver.toString(16)}`,
    suggest,
    suggestName: SUGGEST_NAMES[suggest] ?? `SUGGEST_0x${suggest.toString(16)}`,
  };
}

/**
 * The name of a `driver_status` value: `"DRIVER_SENSE"`, or with a
 * suggestion `"DRIVER_ERROR|SUGGEST_RETRY"`.
 */
export function driverStatusName(driverStatus: number): string {
  const d = decodeDriverStatus(driverStatus);
  return d.suggest === 0 ? d.driverName : `${d.driverName}|${d.suggestName}`;
}
