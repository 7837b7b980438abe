/** The 8-byte header every SES status page starts with: PAGE CODE, PAGE LENGTH, GENERATION CODE. */
import { DecodeError } from '../../errors/decode-error.js';
import { checkInput, readUint } from '../bytes.js';

/** What the header says. */
export interface SesPageHeader {
  /** The page as given, checked to be a Uint8Array. */
  readonly bytes: Uint8Array;
  /** Where the page ends: its declared length, or the bytes given when fewer. */
  readonly end: number;
  /** The length the page declares, header included. */
  readonly declared: number;
  /** GENERATION CODE. */
  readonly generationCode: number;
}

/**
 * Checks that `bytes` hold page `pageCode` with its 8-byte header and reads the header.
 * @throws {@link DecodeError} naming `page` otherwise.
 */
export function readSesPageHeader(bytes: unknown, pageCode: number, page: string): SesPageHeader {
  checkInput(bytes, page, 8);
  if (bytes[0] !== pageCode) throw new DecodeError(page, 0, `page code is 0x${bytes[0]!.toString(16)}, not 0x${pageCode.toString(16).padStart(2, '0')}`);
  const declared = 4 + readUint(bytes, 2, 2);
  return { bytes, end: Math.min(bytes.length, declared), declared, generationCode: readUint(bytes, 4, 4) };
}
