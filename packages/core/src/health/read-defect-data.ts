/**
 * READ DEFECT DATA (10) and (12) (SBC-5 5.20, 5.21), asking only for the
 * header of the grown defect list: health needs its length, not its entries.
 *
 * The definitions live here until struct's command set carries them (the
 * command-set work owns packages/struct/src/commands); move them there then.
 */
import { allocationLength, bits, control, defineCdb, flag, u16, u32 } from '@sgio/struct';

const readUint = (b: Uint8Array, off: number, n: number): number => b.subarray(off, off + n).reduce((v, x) => v * 256 + x, 0);

/** READ DEFECT DATA(10) (0x37): the defect list header, 4 bytes. */
export const readDefectData10 = defineCdb({
  id: 'readDefectData10',
  name: 'READ DEFECT DATA(10)',
  standard: 'SBC-5',
  description: 'Read the primary and/or grown defect list',
  opcode: 0x37,
  length: 10,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    reqPlist: flag(2, 4, { description: 'REQ_PLIST: return the primary defect list' }),
    reqGlist: flag(2, 3, { description: 'REQ_GLIST: return the grown defect list' }),
    defectListFormat: bits(2, 2, 3, { description: 'DEFECT LIST FORMAT (4 bytes from index, 5 physical sector, ...)' }),
    allocationLength: u16(7, { description: 'ALLOCATION LENGTH' }),
    control: control(9),
  },
});

/** READ DEFECT DATA(12) (0xB7): the defect list header, 8 bytes. */
export const readDefectData12 = defineCdb({
  id: 'readDefectData12',
  name: 'READ DEFECT DATA(12)',
  standard: 'SBC-5',
  description: 'Read the primary and/or grown defect list (32-bit lengths)',
  opcode: 0xb7,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    reqPlist: flag(1, 4, { description: 'REQ_PLIST: return the primary defect list' }),
    reqGlist: flag(1, 3, { description: 'REQ_GLIST: return the grown defect list' }),
    defectListFormat: bits(1, 2, 3, { description: 'DEFECT LIST FORMAT' }),
    allocationLength: u32(6, { description: 'ALLOCATION LENGTH' }),
    control: control(11),
  },
});

/** The grown defect list header as health reads it. */
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
