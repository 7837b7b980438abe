/** Any mode page without a dedicated decoder: the page header and its raw bytes. */
import { toHex } from '../bytes.js';
import { readModePageFrame, type ModePageHeader } from './page-header.js';

/** A mode page decoded only as far as its header. */
export interface GenericModePage extends ModePageHeader {
  /** Marks the generic result. */
  readonly generic: true;
  /** The page's parameter bytes (after the 2- or 4-byte page header) as lowercase hex. */
  readonly dataHex: string;
}

/**
 * Decodes any mode page generically (page_0 or sub_page format).
 * @throws {@link DecodeError} on fewer than 2 bytes (4 in sub_page format).
 */
export function decodeGenericModePage(bytes: Uint8Array): GenericModePage {
  const { header, page, headerLength } = readModePageFrame(bytes, 'mode page');
  return { ...header, generic: true, dataHex: toHex(page, headerLength) };
}
