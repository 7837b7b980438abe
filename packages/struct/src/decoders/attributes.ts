/** READ ATTRIBUTE parameter data (SPC-6 6.20): attribute values, or lists of attribute identifiers. */
import { asciiText, checkInput, readUint, utf8Text } from './bytes.js';
import { responseExtent } from './extent.js';

/** One attribute (service action 00h, ATTRIBUTE VALUES). */
export interface Attribute {
  /** ATTRIBUTE IDENTIFIER. */
  readonly identifier: number;
  /** READ ONLY bit. */
  readonly readOnly: boolean;
  /** FORMAT: 0 binary, 1 ASCII, 2 text (UTF-8). */
  readonly format: number;
  /** The value bytes. */
  readonly value: Uint8Array;
  /** The value as text, for the ASCII and text formats. */
  readonly text: string | undefined;
}

/** Decoded READ ATTRIBUTE ATTRIBUTE VALUES data. */
export interface AttributeValuesData {
  /** AVAILABLE DATA as declared. */
  readonly availableData: number;
  /** The attributes present. */
  readonly attributes: Attribute[];
  /** Whether the device declared more than the buffer holds. */
  readonly truncated: boolean;
}

/**
 * Decodes READ ATTRIBUTE data for service action 00h (ATTRIBUTE VALUES):
 * a 4-byte AVAILABLE DATA, then attributes of a 5-byte header and a value.
 * @throws {@link DecodeError} on fewer than 4 bytes.
 */
export function decodeAttributeValues(bytes: Uint8Array): AttributeValuesData {
  checkInput(bytes, 'READ ATTRIBUTE data', 4);
  const availableData = readUint(bytes, 0, 4);
  const { end, truncated } = responseExtent(bytes.length, 4 + availableData);
  const attributes: Attribute[] = [];
  let off = 4;
  while (off + 5 <= end) {
    const length = readUint(bytes, off + 3, 2);
    const format = bytes[off + 2]! & 0x03;
    const valueEnd = Math.min(end, off + 5 + length);
    const text = format === 1 ? asciiText(bytes, off + 5, valueEnd) : format === 2 ? utf8Text(bytes, off + 5, valueEnd) : undefined;
    attributes.push({ identifier: readUint(bytes, off, 2), readOnly: (bytes[off + 2]! & 0x80) !== 0, format, value: bytes.slice(off + 5, valueEnd), text });
    off += 5 + length;
  }
  return { availableData, attributes, truncated: truncated || off > end };
}

/** Decoded READ ATTRIBUTE ATTRIBUTE LIST or SUPPORTED ATTRIBUTES data. */
export interface AttributeListData {
  /** AVAILABLE DATA as declared. */
  readonly availableData: number;
  /** The attribute identifiers. */
  readonly identifiers: number[];
  /** Whether the device declared more than the buffer holds. */
  readonly truncated: boolean;
}

/**
 * Decodes READ ATTRIBUTE data for service actions 01h (ATTRIBUTE LIST) and
 * 05h (SUPPORTED ATTRIBUTES): a 4-byte AVAILABLE DATA, then 2-byte identifiers.
 * @throws {@link DecodeError} on fewer than 4 bytes.
 */
export function decodeAttributeList(bytes: Uint8Array): AttributeListData {
  checkInput(bytes, 'READ ATTRIBUTE list', 4);
  const availableData = readUint(bytes, 0, 4);
  const { end, truncated } = responseExtent(bytes.length, 4 + availableData);
  const identifiers: number[] = [];
  for (let off = 4; off + 2 <= end; off += 2) identifiers.push(readUint(bytes, off, 2));
  return { availableData, identifiers, truncated };
}
