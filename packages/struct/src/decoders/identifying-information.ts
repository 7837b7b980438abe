/** REPORT IDENTIFYING INFORMATION parameter data (SPC-6 6.32): the information, or the list of supported types. */
import { checkInput, readUint, utf8Text } from './bytes.js';
import { responseExtent } from './extent.js';

/** The IDENTIFYING INFORMATION TYPE that asks for the list of supported types. */
export const SUPPORTED_IDENTIFYING_INFORMATION_TYPES = 0x7f;

/** One supported identifying information type (the answer to type 7Fh). */
export interface IdentifyingInformationType {
  /** IDENTIFYING INFORMATION TYPE. */
  readonly type: number;
  /** MAXIMUM IDENTIFYING INFORMATION LENGTH in bytes. */
  readonly maximumLength: number;
}

/** Decoded REPORT IDENTIFYING INFORMATION parameter data. */
export interface IdentifyingInformationData {
  /** IDENTIFYING INFORMATION LENGTH as declared. */
  readonly length: number;
  /** The information bytes present (for the types other than 7Fh). */
  readonly information: Uint8Array;
  /** The information as UTF-8 text (type 2, peripheral device text, is text; others may be binary). */
  readonly text: string;
  /** For type 7Fh: the supported types. */
  readonly supportedTypes: IdentifyingInformationType[] | undefined;
  /** Whether the device declared more than the buffer holds. */
  readonly truncated: boolean;
}

/**
 * Decodes REPORT IDENTIFYING INFORMATION parameter data; `type` is the
 * IDENTIFYING INFORMATION TYPE the command asked for.
 * @throws {@link DecodeError} on fewer than 4 bytes.
 */
export function decodeIdentifyingInformation(bytes: Uint8Array, type = 0): IdentifyingInformationData {
  checkInput(bytes, 'REPORT IDENTIFYING INFORMATION data', 4);
  const length = readUint(bytes, 2, 2);
  const { end, truncated } = responseExtent(bytes.length, 4 + length);
  let supportedTypes: IdentifyingInformationType[] | undefined;
  if (type === SUPPORTED_IDENTIFYING_INFORMATION_TYPES) {
    supportedTypes = [];
    for (let off = 4; off + 4 <= end; off += 4) supportedTypes.push({ type: bytes[off]! >> 1, maximumLength: readUint(bytes, off + 2, 2) });
  }
  return { length, information: bytes.slice(4, end), text: utf8Text(bytes, 4, end), supportedTypes, truncated };
}
