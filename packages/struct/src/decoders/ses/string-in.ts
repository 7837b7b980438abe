/**
 * The SES String In diagnostic page (04h, SES-4 6.1.7): a 4-byte header and
 * then vendor specific bytes (the primary subenclosure's string). Its
 * elements do not follow the Configuration page, so it decodes on its own.
 */
import { DecodeError } from '../../errors/decode-error.js';
import { checkInput, readUint, toHex } from '../bytes.js';

const PAGE = 'SES String In page';

/** Decoded String In diagnostic page. */
export interface SesStringIn {
  /** Always 0x04. */
  readonly pageCode: number;
  /** Byte 1 (reserved in SES-4; kept as sent). */
  readonly byte1: number;
  /** Number of vendor specific bytes. */
  readonly length: number;
  /** The vendor specific bytes, hex (empty when none). */
  readonly hex: string;
  /** True when the page declares more bytes than were given. */
  readonly truncated: boolean;
}

/**
 * Decodes the String In diagnostic page (04h).
 * @throws {@link DecodeError} when the bytes are not page 04h or are shorter than its 4-byte header.
 */
export function decodeSesStringIn(bytes: Uint8Array): SesStringIn {
  checkInput(bytes, PAGE, 4);
  if (bytes[0] !== 0x04) throw new DecodeError(PAGE, 0, `page code is 0x${bytes[0]!.toString(16)}, not 0x04`);
  const declared = 4 + readUint(bytes, 2, 2);
  const end = Math.min(bytes.length, declared);
  return { pageCode: 0x04, byte1: bytes[1]!, length: end - 4, hex: toHex(bytes, 4, end), truncated: declared > bytes.length };
}
