/**
 * The header of READ DEFECT DATA(10)/(12) parameter data (SBC-5 5.20.2,
 * 5.21.2): which list came back, its format and its length.
 */

import { readUint } from './bytes.js';

/** The defect list header (health reads the grown list's). */
export interface GrownDefectListHeader {
  /** Whether the device returned the grown list (GLISTV). */
  readonly grownListValid: boolean;
  /** Defect list format the device used (0..7). */
  readonly format: number;
  /** Defect list length in bytes. */
  readonly lengthBytes: number;
  /** Number of entries (length / descriptor size), or null for a format without a fixed size (vendor specific). */
  readonly count: number | null;
}

/** Bytes per defect descriptor, by DEFECT LIST FORMAT (SBC-5 6.2); 6 is vendor specific. */
const DESCRIPTOR_SIZE: readonly (number | null)[] = [4, 8, 8, 8, 8, 8, null, null];

/** Decodes the header of READ DEFECT DATA(10) (`cdbLength` 10, 4 bytes) or (12) (8 bytes). */
export function decodeGrownDefectListHeader(data: Uint8Array, cdbLength: 10 | 12): GrownDefectListHeader | undefined {
  if (data.length < (cdbLength === 12 ? 8 : 4)) return undefined;
  const lengthBytes = cdbLength === 12 ? readUint(data, 4, 4) : readUint(data, 2, 2);
  const format = data[1]! & 0x07;
  const size = DESCRIPTOR_SIZE[format] ?? null;
  return { grownListValid: (data[1]! & 0x18) === 0x08, format, lengthBytes, count: lengthBytes === 0 ? 0 : size === null ? null : Math.floor(lengthBytes / size) };
}
