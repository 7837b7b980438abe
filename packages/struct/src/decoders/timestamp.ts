/** REPORT TIMESTAMP parameter data and the SET TIMESTAMP parameter list (SPC-6 6.34, 6.47): a 48-bit millisecond clock. */
import { bits, u16, u48 } from '../dsl/fields.js';
import { defineLayout } from '../dsl/layout.js';
import { checkInput } from './bytes.js';

const PAGE = 'REPORT TIMESTAMP data';

/** Layout of the 12-byte timestamp parameter data (REPORT TIMESTAMP) and parameter list (SET TIMESTAMP). */
export const TIMESTAMP_LAYOUT = defineLayout({
  name: 'timestamp parameter data',
  length: 12,
  fields: {
    timestampParameterDataLength: u16(0, { description: 'TIMESTAMP PARAMETER DATA LENGTH: 0Ah (reserved in SET TIMESTAMP)' }),
    timestampOrigin: bits(2, 2, 3, { description: 'TIMESTAMP ORIGIN: 0 zero at power on or reset, 2 SET TIMESTAMP, 3 another method' }),
    timestamp: u48(4, { description: 'TIMESTAMP: milliseconds (since 1970-01-01 UTC once set)' }),
  },
});

/** Timestamp origin names. */
export type TimestampOriginName = 'power-on-or-reset' | 'set-timestamp' | 'other-method' | 'reserved';

const ORIGINS: Readonly<Record<number, TimestampOriginName>> = { 0: 'power-on-or-reset', 2: 'set-timestamp', 3: 'other-method' };

/** Decoded REPORT TIMESTAMP parameter data. */
export interface TimestampData {
  /** TIMESTAMP ORIGIN code. */
  readonly timestampOrigin: number;
  /** Its name. */
  readonly timestampOriginName: TimestampOriginName;
  /** TIMESTAMP in milliseconds. */
  readonly timestamp: number;
}

/**
 * Decodes REPORT TIMESTAMP parameter data.
 * @throws {@link DecodeError} on fewer than 10 bytes.
 */
export function decodeTimestamp(bytes: Uint8Array): TimestampData {
  checkInput(bytes, PAGE, 10);
  const padded = bytes.length >= 12 ? bytes : Uint8Array.from({ length: 12 }, (_, i) => bytes[i] ?? 0);
  const t = TIMESTAMP_LAYOUT.decode(padded);
  return { timestampOrigin: t.timestampOrigin, timestampOriginName: ORIGINS[t.timestampOrigin] ?? 'reserved', timestamp: t.timestamp };
}

/**
 * The 12-byte SET TIMESTAMP parameter list for `milliseconds` (e.g.
 * `Date.now()`), to send with SET TIMESTAMP's parameter list length 12.
 * @throws {RangeError} when the value does not fit 48 bits.
 */
export function encodeSetTimestamp(milliseconds: number): Uint8Array {
  if (!Number.isSafeInteger(milliseconds) || milliseconds < 0 || milliseconds >= 2 ** 48) {
    throw new RangeError(`encodeSetTimestamp: milliseconds must be an integer 0..2^48-1, got ${milliseconds}`);
  }
  return TIMESTAMP_LAYOUT.encode({ timestamp: milliseconds });
}
