/**
 * The 4-byte header shared by VPD pages: peripheral byte, page code and a
 * 16-bit page length.
 */
import { DecodeError } from '../../errors/decode-error.js';
import { checkInput, hexByte, readUint } from '../bytes.js';
import { decodePeripheralByte, type PeripheralByte } from '../device-type.js';
import { responseExtent } from '../extent.js';
import { vpdPageName } from './names.js';

/** Fields every decoded VPD page carries. */
export interface VpdPageHeader extends PeripheralByte {
  /** Page code (byte 1). */
  readonly pageCode: number;
  /** Page name, e.g. `"Device Identification"`. */
  readonly pageName: string;
  /** Page length as declared by the device (bytes after the header). */
  readonly pageLength: number;
  /** Whether the device declared more bytes than were given. */
  readonly truncated: boolean;
}

/** A VPD header and the extent of the page body. */
export interface VpdPageFrame {
  /** The decoded header. */
  readonly header: VpdPageHeader;
  /** The page, cut to what was both declared and returned (header included). */
  readonly page: Uint8Array;
}

/**
 * Decodes a VPD page header and returns the usable page bytes.
 * With `expected`, a page of another code is a {@link DecodeError}.
 */
export function readVpdFrame(bytes: Uint8Array, pageLabel: string, expected?: number): VpdPageFrame {
  checkInput(bytes, pageLabel, 4);
  const pageCode = bytes[1]!;
  if (expected !== undefined && pageCode !== expected) {
    throw new DecodeError(pageLabel, 1, `page code is ${hexByte(pageCode)}, expected ${hexByte(expected)}`);
  }
  const pageLength = readUint(bytes, 2, 2);
  const { end, truncated } = responseExtent(bytes.length, pageLength + 4);
  return {
    header: { ...decodePeripheralByte(bytes[0]!), pageCode, pageName: vpdPageName(pageCode), pageLength, truncated },
    page: bytes.subarray(0, end),
  };
}
