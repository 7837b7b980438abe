/**
 * Sense key names.
 *
 * @packageDocumentation
 */

import { SENSE_KEY_NAME_LIST } from './sense-keys.generated.js';

/** The sense keys of SPC, by name. */
export const SenseKey = {
  NO_SENSE: 0x0,
  RECOVERED_ERROR: 0x1,
  NOT_READY: 0x2,
  MEDIUM_ERROR: 0x3,
  HARDWARE_ERROR: 0x4,
  ILLEGAL_REQUEST: 0x5,
  UNIT_ATTENTION: 0x6,
  DATA_PROTECT: 0x7,
  BLANK_CHECK: 0x8,
  VENDOR_SPECIFIC: 0x9,
  COPY_ABORTED: 0xa,
  ABORTED_COMMAND: 0xb,
  EQUAL: 0xc,
  VOLUME_OVERFLOW: 0xd,
  MISCOMPARE: 0xe,
  COMPLETED: 0xf,
} as const;

/** A sense key value, 0..15. */
export type SenseKeyValue = (typeof SenseKey)[keyof typeof SenseKey];

/** The T10 names of the 16 sense keys, indexed by sense key. */
export const SENSE_KEY_NAMES: readonly string[] = SENSE_KEY_NAME_LIST;

/**
 * The name of a sense key, e.g. `senseKeyName(5)` is `"Illegal Request"`.
 * Only the low 4 bits are meaningful; other values give `"Sense key 0x.."`.
 */
export function senseKeyName(senseKey: number): string {
  return SENSE_KEY_NAMES[senseKey] ?? `Sense key 0x${senseKey.toString(16)}`;
}
