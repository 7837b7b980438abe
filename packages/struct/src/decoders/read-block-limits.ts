/** READ BLOCK LIMITS data (SSC-5 7.7): the block lengths a tape drive accepts (the 6-byte form, MLOC 0). */
import { bits, u16, u24 } from '../dsl/fields.js';
import { defineLayout } from '../dsl/layout.js';
import { checkInput } from './bytes.js';

/** Layout of the 6-byte READ BLOCK LIMITS data. */
export const READ_BLOCK_LIMITS_LAYOUT = defineLayout({
  name: 'READ BLOCK LIMITS data',
  length: 6,
  fields: {
    granularity: bits(0, 4, 5, { description: 'GRANULARITY: block lengths are multiples of 2^GRANULARITY bytes' }),
    maximumBlockLength: u24(1, { description: 'MAXIMUM BLOCK LENGTH LIMIT in bytes (0: not specified)' }),
    minimumBlockLength: u16(4, { description: 'MINIMUM BLOCK LENGTH LIMIT in bytes' }),
  },
});

/** Decoded READ BLOCK LIMITS data. */
export interface ReadBlockLimitsData {
  /** GRANULARITY (log2 of bytes). */
  readonly granularity: number;
  /** MAXIMUM BLOCK LENGTH LIMIT. */
  readonly maximumBlockLength: number;
  /** MINIMUM BLOCK LENGTH LIMIT. */
  readonly minimumBlockLength: number;
}

/**
 * Decodes the 6-byte READ BLOCK LIMITS data (sent with MLOC 0).
 * @throws {@link DecodeError} on fewer than 6 bytes.
 */
export function decodeReadBlockLimits(bytes: Uint8Array): ReadBlockLimitsData {
  checkInput(bytes, 'READ BLOCK LIMITS data', 6);
  return READ_BLOCK_LIMITS_LAYOUT.decode(bytes);
}
