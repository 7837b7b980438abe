/** Supported VPD Pages (0x00): the list of page codes the device returns. */
import { readVpdFrame, type VpdPageHeader } from './header.js';

/** Decoded Supported VPD Pages page. */
export interface SupportedVpdPages extends VpdPageHeader {
  /** Supported page codes, in the order the device listed them. */
  readonly supportedPages: number[];
}

/**
 * Decodes the Supported VPD Pages page (0x00).
 * @throws {@link DecodeError} on fewer than 4 bytes or another page code.
 */
export function decodeSupportedVpdPages(bytes: Uint8Array): SupportedVpdPages {
  const { header, page } = readVpdFrame(bytes, 'Supported VPD Pages page', 0x00);
  return { ...header, supportedPages: Array.from(page.subarray(4)) };
}
