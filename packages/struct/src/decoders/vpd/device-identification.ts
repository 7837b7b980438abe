/** Device Identification (0x83): a list of designation descriptors. */
import { DecodeError } from '../../errors/decode-error.js';
import { decodeDesignatorAt, type Designator } from './designator.js';
import { readVpdFrame, type VpdPageHeader } from './header.js';

const PAGE = 'Device Identification page';

/** Decoded Device Identification page. */
export interface DeviceIdentificationVpdPage extends VpdPageHeader {
  /** Every designation descriptor, in page order. */
  readonly designators: Designator[];
}

/**
 * Decodes the Device Identification page (0x83). A descriptor cut by a short
 * buffer ends the list (`truncated` is then true); one running past the
 * device's own page length is a {@link DecodeError}.
 */
export function decodeDeviceIdentification(bytes: Uint8Array): DeviceIdentificationVpdPage {
  const { header, page } = readVpdFrame(bytes, PAGE, 0x83);
  const designators: Designator[] = [];
  let off = 4;
  while (off < page.length) {
    const next = off + 4 + (off + 3 < page.length ? page[off + 3]! : 0);
    if (off + 4 > page.length || next > page.length) {
      if (header.truncated) break;
      throw new DecodeError(PAGE, off, `designation descriptor runs past the page length (${header.pageLength})`);
    }
    designators.push(decodeDesignatorAt(page, off));
    off = next;
  }
  return { ...header, designators };
}
