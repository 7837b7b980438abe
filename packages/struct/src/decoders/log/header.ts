/** The 4-byte log page header (SPC-6 7.3.2): DS, SPF, page and subpage code, page length. */
import { DecodeError } from '../../errors/decode-error.js';
import { checkInput, hexByte, readUint } from '../bytes.js';
import { responseExtent } from '../extent.js';
import { logPageName } from './names.js';

/** Fields every decoded log page carries. */
export interface LogPageHeader {
  /** Page code (0..0x3F). */
  readonly pageCode: number;
  /** Subpage code. */
  readonly subpageCode: number;
  /** Page name, e.g. `"Temperature"`. */
  readonly pageName: string;
  /** Disable save (DS). */
  readonly ds: boolean;
  /** Subpage format (SPF). */
  readonly spf: boolean;
  /** Page length as declared (bytes after the header). */
  readonly pageLength: number;
  /** Whether the device declared more bytes than were given. */
  readonly truncated: boolean;
}

/** A log page header and the usable page bytes. */
export interface LogPageFrame {
  /** The decoded header. */
  readonly header: LogPageHeader;
  /** The page (header included), cut to what was declared and returned. */
  readonly page: Uint8Array;
}

/**
 * Reads a log page header. With `expected`, another page code is a
 * {@link DecodeError}.
 */
export function readLogPageFrame(bytes: Uint8Array, label: string, expected?: number): LogPageFrame {
  checkInput(bytes, label, 4);
  const pageCode = bytes[0]! & 0x3f;
  if (expected !== undefined && pageCode !== expected) {
    throw new DecodeError(label, 0, `page code is ${hexByte(pageCode)}, expected ${hexByte(expected)}`);
  }
  const spf = (bytes[0]! & 0x40) !== 0;
  const subpageCode = bytes[1]!;
  const pageLength = readUint(bytes, 2, 2);
  const { end, truncated } = responseExtent(bytes.length, pageLength + 4);
  return {
    header: { pageCode, subpageCode, pageName: logPageName(pageCode, subpageCode), ds: (bytes[0]! & 0x80) !== 0, spf, pageLength, truncated },
    page: bytes.subarray(0, end),
  };
}
