/** Any VPD page without a dedicated decoder: the header and the raw body. */
import { toHex } from '../bytes.js';
import { readVpdFrame, type VpdPageHeader } from './header.js';

/** A VPD page decoded only as far as its header. */
export interface GenericVpdPage extends VpdPageHeader {
  /** Marks the generic result. */
  readonly generic: true;
  /** The page body (after the 4-byte header) as lowercase hex. */
  readonly dataHex: string;
}

/**
 * Decodes any VPD page generically: header fields and the body as hex.
 * @throws {@link DecodeError} on fewer than 4 bytes.
 */
export function decodeGenericVpdPage(bytes: Uint8Array): GenericVpdPage {
  const { header, page } = readVpdFrame(bytes, 'VPD page');
  return { ...header, generic: true, dataHex: toHex(page, 4) };
}
