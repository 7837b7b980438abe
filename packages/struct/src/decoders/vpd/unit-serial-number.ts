/** Unit Serial Number (0x80). */
import { asciiText } from '../bytes.js';
import { readVpdFrame, type VpdPageHeader } from './header.js';

/** Decoded Unit Serial Number page. */
export interface UnitSerialNumberVpdPage extends VpdPageHeader {
  /** The product serial number, with leading and trailing spaces removed. */
  readonly serialNumber: string;
}

/**
 * Decodes the Unit Serial Number page (0x80).
 * @throws {@link DecodeError} on fewer than 4 bytes or another page code.
 */
export function decodeUnitSerialNumber(bytes: Uint8Array): UnitSerialNumberVpdPage {
  const { header, page } = readVpdFrame(bytes, 'Unit Serial Number page', 0x80);
  return { ...header, serialNumber: asciiText(page, 4, page.length).trim() };
}
