/** Supported Log Pages (0x00) and Supported Log Pages and Subpages (0x00, 0xFF). */
import { DecodeError } from '../../errors/decode-error.js';
import { readLogPageFrame, type LogPageHeader } from './header.js';

/** Decoded Supported Log Pages page. */
export interface SupportedLogPages extends LogPageHeader {
  /** Supported page codes, in the device's order. */
  readonly supportedPages: number[];
}

/** A page and subpage pair. */
export interface LogPageId {
  /** Page code. */
  readonly pageCode: number;
  /** Subpage code. */
  readonly subpageCode: number;
}

/** Decoded Supported Log Pages and Subpages page. */
export interface SupportedLogPagesAndSubpages extends LogPageHeader {
  /** Supported pages and subpages, in the device's order. */
  readonly supportedPages: LogPageId[];
}

/**
 * Decodes the Supported Log Pages page (0x00, subpage 0).
 * @throws {@link DecodeError} on fewer than 4 bytes or another page.
 */
export function decodeSupportedLogPages(bytes: Uint8Array): SupportedLogPages {
  const { header, page } = readLogPageFrame(bytes, 'Supported Log Pages page', 0x00);
  if (header.subpageCode !== 0) throw new DecodeError('Supported Log Pages page', 1, `subpage is ${header.subpageCode}, expected 0`);
  return { ...header, supportedPages: Array.from(page.subarray(4), (b) => b & 0x3f) };
}

/**
 * Decodes the Supported Log Pages and Subpages page (0x00, subpage 0xFF).
 * A final odd byte (a pair cut by the buffer) sets `truncated`.
 * @throws {@link DecodeError} on fewer than 4 bytes or another page.
 */
export function decodeSupportedLogPagesAndSubpages(bytes: Uint8Array): SupportedLogPagesAndSubpages {
  const label = 'Supported Log Pages and Subpages page';
  const { header, page } = readLogPageFrame(bytes, label, 0x00);
  if (header.subpageCode !== 0xff) throw new DecodeError(label, 1, `subpage is ${header.subpageCode}, expected 255`);
  if ((page.length & 1) !== 0 && !header.truncated) throw new DecodeError(label, page.length - 1, 'page length is odd; entries are 2 bytes');
  const supportedPages: LogPageId[] = [];
  for (let off = 4; off + 2 <= page.length; off += 2) supportedPages.push({ pageCode: page[off]! & 0x3f, subpageCode: page[off + 1]! });
  return { ...header, supportedPages };
}
