/** READ MEDIA SERIAL NUMBER parameter data (SPC-6 6.22): a 4-byte length, then the serial number. */
import { asciiText, checkInput, readUint } from './bytes.js';
import { responseExtent } from './extent.js';

/** Decoded READ MEDIA SERIAL NUMBER parameter data. */
export interface MediaSerialNumberData {
  /** MEDIA SERIAL NUMBER LENGTH as declared. */
  readonly length: number;
  /** The serial number bytes present (vendor specific; often ASCII). */
  readonly serialNumber: Uint8Array;
  /** The serial number as printable ASCII (other bytes as spaces, trailing spaces removed). */
  readonly text: string;
  /** Whether the device declared more than the buffer holds. */
  readonly truncated: boolean;
}

/**
 * Decodes READ MEDIA SERIAL NUMBER parameter data.
 * @throws {@link DecodeError} on fewer than 4 bytes.
 */
export function decodeMediaSerialNumber(bytes: Uint8Array): MediaSerialNumberData {
  checkInput(bytes, 'READ MEDIA SERIAL NUMBER data', 4);
  const length = readUint(bytes, 0, 4);
  const { end, truncated } = responseExtent(bytes.length, 4 + length);
  return { length, serialNumber: bytes.slice(4, end), text: asciiText(bytes, 4, end), truncated };
}
