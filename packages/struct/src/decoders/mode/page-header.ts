/**
 * The header of one mode page: page_0 format (2 bytes: PS, SPF=0, page code,
 * page length) or sub_page format (4 bytes: PS, SPF=1, page code, subpage
 * code, 16-bit page length).
 */
import { DecodeError } from '../../errors/decode-error.js';
import { checkInput, hexByte, readUint } from '../bytes.js';
import { responseExtent } from '../extent.js';
import { modePageName } from './names.js';

/** Fields every decoded mode page carries. */
export interface ModePageHeader {
  /** Page code (0..0x3F). */
  readonly pageCode: number;
  /** Subpage code (0 in page_0 format). */
  readonly subpageCode: number;
  /** Page name, e.g. `"Caching"`. */
  readonly pageName: string;
  /** Parameters saveable (PS). */
  readonly ps: boolean;
  /** Sub_page format (SPF). */
  readonly spf: boolean;
  /** Page length as declared (bytes after the page header). */
  readonly pageLength: number;
  /** Whether the page was cut short by the buffer (fields past it read as zero). */
  readonly truncated: boolean;
}

/** A page header and the page's usable bytes. */
export interface ModePageFrame {
  /** The decoded header. */
  readonly header: ModePageHeader;
  /** The page (header included), cut to what was declared and returned. */
  readonly page: Uint8Array;
  /** Page header length: 2 or 4. */
  readonly headerLength: number;
}

/**
 * Reads the header of the mode page starting at byte 0 of `bytes`. With
 * `expected`, another page code is a {@link DecodeError}.
 */
export function readModePageFrame(bytes: Uint8Array, label: string, expected?: number): ModePageFrame {
  checkInput(bytes, label, 2);
  const spf = (bytes[0]! & 0x40) !== 0;
  const pageCode = bytes[0]! & 0x3f;
  if (expected !== undefined && pageCode !== expected) {
    throw new DecodeError(label, 0, `page code is ${hexByte(pageCode)}, expected ${hexByte(expected)}`);
  }
  if (spf && bytes.length < 4) throw new DecodeError(label, bytes.length, 'sub_page format header needs 4 bytes');
  const headerLength = spf ? 4 : 2;
  const subpageCode = spf ? bytes[1]! : 0;
  const pageLength = spf ? readUint(bytes, 2, 2) : bytes[1]!;
  const { end, truncated } = responseExtent(bytes.length, headerLength + pageLength);
  return {
    header: { pageCode, subpageCode, pageName: modePageName(pageCode, subpageCode), ps: (bytes[0]! & 0x80) !== 0, spf, pageLength, truncated },
    page: bytes.subarray(0, end),
    headerLength,
  };
}
