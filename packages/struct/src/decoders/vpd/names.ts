/** Names of VPD pages (SPC-6, SBC-5 and related command sets). */
import { hexByte } from '../bytes.js';

const VPD_PAGE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00, 'Supported VPD Pages'],
  [0x80, 'Unit Serial Number'],
  [0x81, 'Implemented Operating Definition (obsolete)'],
  [0x82, 'ASCII Implemented Operating Definition (obsolete)'],
  [0x83, 'Device Identification'],
  [0x84, 'Software Interface Identification'],
  [0x85, 'Management Network Addresses'],
  [0x86, 'Extended INQUIRY Data'],
  [0x87, 'Mode Page Policy'],
  [0x88, 'SCSI Ports'],
  [0x89, 'ATA Information'],
  [0x8a, 'Power Condition'],
  [0x8b, 'Device Constituents'],
  [0x8c, 'CFA Profile Information'],
  [0x8d, 'Power Consumption'],
  [0x8f, 'Third-party Copy'],
  [0x90, 'Protocol Specific Logical Unit Information'],
  [0x91, 'Protocol Specific Port Information'],
  [0x92, 'SCSI Feature Sets'],
  [0xb0, 'Block Limits'],
  [0xb1, 'Block Device Characteristics'],
  [0xb2, 'Logical Block Provisioning'],
  [0xb3, 'Referrals'],
  [0xb4, 'Supported Block Lengths and Protection Types'],
  [0xb5, 'Block Device Characteristics Extension'],
  [0xb6, 'Zoned Block Device Characteristics'],
  [0xb7, 'Block Limits Extension'],
  [0xb8, 'Format Presets'],
  [0xb9, 'Concurrent Positioning Ranges'],
]);

/**
 * The name of a VPD page, e.g. `vpdPageName(0x83)` is
 * `"Device Identification"`. Block-device names are given for 0xB0..0xBF;
 * unknown codes give `"VPD page 0x.."` (`"vendor specific"` for 0xC0..0xFF).
 */
export function vpdPageName(code: number): string {
  const known = VPD_PAGE_NAMES.get(code);
  if (known !== undefined) return known;
  if (code >= 0xc0 && code <= 0xff) return `vendor specific VPD page ${hexByte(code)}`;
  return `VPD page ${hexByte(code)}`;
}
