/**
 * Standard INQUIRY data (SPC-6 6.7.2): every field of the first 96 bytes,
 * including the obsolete and SPI-specific bits, and the version descriptors.
 */
import { ascii, bits, flag, u8 } from '../dsl/fields.js';
import type { FieldsOutput } from '../dsl/fields.js';
import { defineLayout } from '../dsl/layout.js';
import { checkInput, paddedCopy, readUint, toHex } from './bytes.js';
import { decodePeripheralByte, type PeripheralByte } from './device-type.js';
import { responseExtent } from './extent.js';

const PAGE = 'standard INQUIRY data';

/** The fixed part of standard INQUIRY data (bytes 1..57), as a DSL layout. */
export const INQUIRY_LAYOUT = defineLayout({
  name: PAGE,
  length: 58,
  fields: {
    rmb: flag(1, 7, { description: 'removable medium' }),
    luCong: flag(1, 6, { description: 'logical unit is a member of a conglomerate' }),
    hotPluggable: bits(1, 5, 2, { description: 'hot pluggable (0 no information, 1 supported, 2 not supported)' }),
    version: u8(2, { description: 'SPC version claimed' }),
    aerc: flag(3, 7, { description: 'obsolete: asynchronous event reporting capability' }),
    trmTsk: flag(3, 6, { description: 'obsolete: terminate task' }),
    normAca: flag(3, 5, { description: 'NACA bit in CONTROL supported' }),
    hiSup: flag(3, 4, { description: 'hierarchical LUN addressing' }),
    responseDataFormat: bits(3, 3, 4, { description: 'response data format (2)' }),
    additionalLength: u8(4, { description: 'bytes that follow byte 4' }),
    sccs: flag(5, 7, { description: 'embedded storage array controller' }),
    acc: flag(5, 6, { description: 'access controls coordinator' }),
    tpgs: bits(5, 5, 2, { description: 'target port group support (ALUA)' }),
    threePc: flag(5, 3, { description: 'third-party copy supported' }),
    protect: flag(5, 0, { description: 'protection information supported' }),
    bque: flag(6, 7, { description: 'obsolete: basic queuing' }),
    encServ: flag(6, 6, { description: 'embedded enclosure services' }),
    vs1: flag(6, 5, { description: 'vendor specific bit (byte 6)' }),
    multiP: flag(6, 4, { description: 'multiple SCSI ports' }),
    mChngr: flag(6, 3, { description: 'obsolete: medium changer' }),
    ackReqQ: flag(6, 2, { description: 'obsolete: SPI ACKQ/REQQ' }),
    addr32: flag(6, 1, { description: 'obsolete: SPI 32-bit wide addresses' }),
    addr16: flag(6, 0, { description: 'SPI 16-bit wide addresses' }),
    relAdr: flag(7, 7, { description: 'obsolete: relative addressing' }),
    wbus32: flag(7, 6, { description: 'obsolete: SPI 32-bit wide bus' }),
    wbus16: flag(7, 5, { description: 'SPI 16-bit wide bus' }),
    sync: flag(7, 4, { description: 'SPI synchronous transfer' }),
    linked: flag(7, 3, { description: 'obsolete: linked commands' }),
    tranDis: flag(7, 2, { description: 'obsolete: transfer disable' }),
    cmdQue: flag(7, 1, { description: 'command queuing' }),
    vs2: flag(7, 0, { description: 'vendor specific bit (byte 7)' }),
    vendorId: ascii(8, 8, { description: 'T10 vendor identification' }),
    productId: ascii(16, 16, { description: 'product identification' }),
    productRevision: ascii(32, 4, { description: 'product revision level' }),
    vendorSpecific: ascii(36, 20, { description: 'vendor specific text (bytes 36..55)' }),
    clocking: bits(56, 3, 2, { description: 'SPI clocking' }),
    qas: flag(56, 1, { description: 'SPI quick arbitration and selection' }),
    ius: flag(56, 0, { description: 'SPI information units' }),
  },
});

/** SPC versions the VERSION field can claim. */
export type InquiryVersionName = 'none' | 'SCSI-1' | 'SCSI-2' | 'SPC' | 'SPC-2' | 'SPC-3' | 'SPC-4' | 'SPC-5' | 'reserved';

const VERSION_NAMES: readonly InquiryVersionName[] = ['none', 'SCSI-1', 'SCSI-2', 'SPC', 'SPC-2', 'SPC-3', 'SPC-4', 'SPC-5'];

/** The standard named by an INQUIRY VERSION value (`7` is `'SPC-5'`). */
export function inquiryVersionName(version: number): InquiryVersionName {
  return VERSION_NAMES[version] ?? 'reserved';
}

/** Decoded standard INQUIRY data. */
export type InquiryData = PeripheralByte &
  FieldsOutput<(typeof INQUIRY_LAYOUT)['fields']> & {
    /** The standard the VERSION field names. */
    versionName: InquiryVersionName;
    /** Version descriptors (bytes 58..73), zero entries left out, in order. */
    versionDescriptors: number[];
    /** Bytes 96 onwards up to the declared length, as hex (vendor specific). */
    vendorSpecificTrailerHex: string;
    /** Total length the device declared (additional length + 5). */
    declaredLength: number;
    /** Whether the device declared more bytes than were given. */
    truncated: boolean;
  };

/**
 * Decodes standard INQUIRY data. Needs at least 5 bytes (through the
 * additional length); fields the device did not return read as zero or empty
 * and `truncated` is set when it declared more than was given.
 *
 * @throws {@link DecodeError} on fewer than 5 bytes or a non-`Uint8Array`.
 */
export function decodeInquiry(bytes: Uint8Array): InquiryData {
  checkInput(bytes, PAGE, 5);
  const declaredLength = bytes[4]! + 5;
  const { end, truncated } = responseExtent(bytes.length, declaredLength);
  const view = bytes.subarray(0, end);
  const fields = INQUIRY_LAYOUT.decode(paddedCopy(view, 0, INQUIRY_LAYOUT.length));
  const versionDescriptors: number[] = [];
  for (let off = 58; off + 2 <= Math.min(end, 74); off += 2) {
    const d = readUint(view, off, 2);
    if (d !== 0) versionDescriptors.push(d);
  }
  return {
    ...decodePeripheralByte(view[0]!),
    ...fields,
    versionName: inquiryVersionName(fields.version),
    versionDescriptors,
    vendorSpecificTrailerHex: toHex(view, 96, end),
    declaredLength,
    truncated,
  };
}
