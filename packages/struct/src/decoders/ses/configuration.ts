/**
 * The SES Configuration diagnostic page (01h, SES-4 6.1.2): one enclosure
 * descriptor per (sub)enclosure, then one type descriptor header per element
 * type, then the type descriptor texts. Its type descriptor headers are the
 * key to the Enclosure Status, Element Descriptor and Additional Element
 * Status pages, whose elements come in the headers' order.
 */
import { DecodeError } from '../../errors/decode-error.js';
import { asciiText, toHex } from '../bytes.js';
import { sesElementTypeName } from './element-types.js';
import { readSesPageHeader } from './page-header.js';

const PAGE = 'SES Configuration page';

/** One enclosure descriptor: the primary enclosure or a secondary subenclosure. */
export interface SesEnclosureDescriptor {
  /** RELATIVE ENCLOSURE SERVICES PROCESS IDENTIFIER. */
  readonly relativeEsProcessId: number;
  /** NUMBER OF ENCLOSURE SERVICES PROCESSES. */
  readonly numberOfEsProcesses: number;
  /** SUBENCLOSURE IDENTIFIER (0: the primary enclosure). */
  readonly subenclosureId: number;
  /** NUMBER OF TYPE DESCRIPTOR HEADERS this subenclosure contributes. */
  readonly typeDescriptorHeaders: number;
  /** ENCLOSURE LOGICAL IDENTIFIER, 16 hex digits. */
  readonly logicalIdentifier: string;
  /** ENCLOSURE VENDOR IDENTIFICATION. */
  readonly vendorId: string;
  /** PRODUCT IDENTIFICATION. */
  readonly productId: string;
  /** PRODUCT REVISION LEVEL. */
  readonly productRevision: string;
  /** Vendor specific enclosure information, hex (empty when none). */
  readonly vendorSpecificHex: string;
}

/** One type descriptor header with its text. */
export interface SesTypeDescriptor {
  /** Position among the type descriptor headers (sg_ses' "ti"). */
  readonly typeIndex: number;
  /** ELEMENT TYPE code. */
  readonly elementType: number;
  /** Its name (`Array device slot`, `Power supply`, ...). */
  readonly elementTypeName: string;
  /** NUMBER OF POSSIBLE ELEMENTS: individual elements after the overall one. */
  readonly possibleElements: number;
  /** SUBENCLOSURE IDENTIFIER of the subenclosure holding them. */
  readonly subenclosureId: number;
  /** TYPE DESCRIPTOR TEXT (empty when its length is 0). */
  readonly text: string;
}

/** Decoded Configuration diagnostic page. */
export interface SesConfiguration {
  /** Always 0x01. */
  readonly pageCode: number;
  /** NUMBER OF SECONDARY SUBENCLOSURES. */
  readonly secondarySubenclosures: number;
  /** GENERATION CODE: the other pages must carry the same value to be read with these headers. */
  readonly generationCode: number;
  /** Enclosure descriptors, primary first. */
  readonly enclosures: readonly SesEnclosureDescriptor[];
  /** Type descriptor headers, in page order (the order of every element list). */
  readonly typeDescriptors: readonly SesTypeDescriptor[];
  /** True when the page declares more bytes than were given. */
  readonly truncated: boolean;
}

/**
 * Decodes the Configuration diagnostic page (01h) as RECEIVE DIAGNOSTIC
 * RESULTS returns it (page header included).
 * @throws {@link DecodeError} when the bytes are not page 01h, are shorter
 * than the header, or an enclosure descriptor or the header list runs off the
 * end of the page.
 */
export function decodeSesConfiguration(bytes: Uint8Array): SesConfiguration {
  const { end, declared, generationCode } = readSesPageHeader(bytes, 0x01, PAGE);
  const secondary = bytes[1]!;
  const enclosures: SesEnclosureDescriptor[] = [];
  let at = 8;
  for (let i = 0; i <= secondary; i++) {
    if (at + 4 > end) throw new DecodeError(PAGE, at, `enclosure descriptor ${i} of ${secondary + 1} starts past the end of the page`);
    const length = 4 + bytes[at + 3]!;
    if (at + length > end) throw new DecodeError(PAGE, at, `enclosure descriptor ${i} (${length} bytes) runs past the end of the page`);
    enclosures.push({
      relativeEsProcessId: (bytes[at]! >> 4) & 0x07,
      numberOfEsProcesses: bytes[at]! & 0x07,
      subenclosureId: bytes[at + 1]!,
      typeDescriptorHeaders: bytes[at + 2]!,
      logicalIdentifier: toHex(bytes, at + 4, at + 12).padEnd(16, '0'),
      vendorId: asciiText(bytes, at + 12, Math.min(at + 20, at + length)),
      productId: asciiText(bytes, at + 20, Math.min(at + 36, at + length)),
      productRevision: asciiText(bytes, at + 36, Math.min(at + 40, at + length)),
      vendorSpecificHex: length > 40 ? toHex(bytes, at + 40, at + length) : '',
    });
    at += length;
  }
  const headerCount = enclosures.reduce((n, e) => n + e.typeDescriptorHeaders, 0);
  if (at + 4 * headerCount > end) throw new DecodeError(PAGE, at, `${headerCount} type descriptor headers run past the end of the page`);
  let text = at + 4 * headerCount;
  const typeDescriptors: SesTypeDescriptor[] = [];
  for (let i = 0; i < headerCount; i++) {
    const h = at + 4 * i;
    const textLength = bytes[h + 3]!;
    typeDescriptors.push({
      typeIndex: i,
      elementType: bytes[h]!,
      elementTypeName: sesElementTypeName(bytes[h]!),
      possibleElements: bytes[h + 1]!,
      subenclosureId: bytes[h + 2]!,
      text: asciiText(bytes, text, Math.min(text + textLength, end)),
    });
    text += textLength;
  }
  return {
    pageCode: 0x01,
    secondarySubenclosures: secondary,
    generationCode,
    enclosures,
    typeDescriptors,
    truncated: declared > bytes.length,
  };
}

/** Where one element sits: its type header, its index in that type (-1 overall) and its positions in the page. */
export interface SesElementPosition {
  /** Type descriptor header index (sg_ses' "ti"). */
  readonly typeIndex: number;
  /** Individual index within its type; -1 for the overall element. */
  readonly index: number;
  /** ELEMENT TYPE code. */
  readonly elementType: number;
  /** Its name. */
  readonly elementTypeName: string;
  /** SUBENCLOSURE IDENTIFIER. */
  readonly subenclosureId: number;
  /** Position among all elements, overall ones included (an EIIOE=1 element index). */
  readonly withOverallIndex: number;
  /** Position among the individual elements only (an EIIOE=0 element index); undefined for an overall element. */
  readonly elementIndex: number | undefined;
}

/**
 * Every element the configuration describes, in the order the Enclosure
 * Status, Element Descriptor and Threshold pages list them: per type header,
 * the overall element, then the individual ones.
 */
export function sesElementPositions(config: SesConfiguration): SesElementPosition[] {
  const out: SesElementPosition[] = [];
  let withOverall = 0;
  let individual = 0;
  for (const t of config.typeDescriptors) {
    for (let index = -1; index < t.possibleElements; index++) {
      out.push({
        typeIndex: t.typeIndex,
        index,
        elementType: t.elementType,
        elementTypeName: t.elementTypeName,
        subenclosureId: t.subenclosureId,
        withOverallIndex: withOverall++,
        elementIndex: index < 0 ? undefined : individual++,
      });
    }
  }
  return out;
}
