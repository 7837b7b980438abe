/** REPORT LUNS parameter data (SPC-6 6.35). */
import { DecodeError } from '../errors/decode-error.js';
import { checkInput, readUint } from './bytes.js';
import { responseExtent } from './extent.js';
import { decodeLunAddress, type LunAddress } from './lun-address.js';

const PAGE = 'REPORT LUNS data';

/** Decoded REPORT LUNS parameter data. */
export interface ReportLunsData {
  /** LUN list length as declared (bytes). */
  readonly lunListLength: number;
  /** The LUNs returned, in order. */
  readonly luns: LunAddress[];
  /** Whether the device listed more LUNs than the buffer holds. */
  readonly truncated: boolean;
}

/**
 * Decodes REPORT LUNS parameter data. A short buffer gives the LUNs that fit
 * and `truncated: true`.
 * @throws {@link DecodeError} on fewer than 8 bytes or a list length that is not a multiple of 8.
 */
export function decodeReportLuns(bytes: Uint8Array): ReportLunsData {
  checkInput(bytes, PAGE, 8);
  const lunListLength = readUint(bytes, 0, 4);
  if (lunListLength % 8 !== 0) throw new DecodeError(PAGE, 0, `LUN list length ${lunListLength} is not a multiple of 8`);
  const { end, truncated } = responseExtent(bytes.length, lunListLength + 8);
  const luns: LunAddress[] = [];
  for (let off = 8; off + 8 <= end; off += 8) luns.push(decodeLunAddress(bytes, off));
  return { lunListLength, luns, truncated };
}
