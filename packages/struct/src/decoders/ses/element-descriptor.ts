/**
 * The SES Element Descriptor diagnostic page (07h, SES-4 6.1.10): a text per
 * element ("Slot 04", "PSU A"), in the Configuration page's element order.
 */
import { asciiText, readUint } from '../bytes.js';
import { sesElementPositions, type SesConfiguration, type SesElementPosition } from './configuration.js';
import { readSesPageHeader } from './page-header.js';

const PAGE = 'SES Element Descriptor page';

/** One element's descriptor text. */
export interface SesElementDescriptor extends SesElementPosition {
  /** The descriptor text (empty when its length is 0). */
  readonly text: string;
}

/** Decoded Element Descriptor diagnostic page. */
export interface SesElementDescriptors {
  /** Always 0x07. */
  readonly pageCode: number;
  /** GENERATION CODE. */
  readonly generationCode: number;
  /** False when it differs from the configuration's. */
  readonly generationMatches: boolean;
  /** One per element, overall ones included (`index` -1). */
  readonly descriptors: readonly SesElementDescriptor[];
  /** True when the page had fewer descriptors than the configuration describes. */
  readonly truncated: boolean;
}

/**
 * Decodes the Element Descriptor diagnostic page (07h) with the
 * Configuration page that orders its descriptors.
 * @throws {@link DecodeError} when the bytes are not page 07h or are shorter than its header.
 */
export function decodeSesElementDescriptors(bytes: Uint8Array, config: SesConfiguration): SesElementDescriptors {
  const { end, generationCode } = readSesPageHeader(bytes, 0x07, PAGE);
  const positions = sesElementPositions(config);
  const descriptors: SesElementDescriptor[] = [];
  let at = 8;
  for (const p of positions) {
    if (at + 4 > end) break;
    const length = readUint(bytes, at + 2, 2);
    descriptors.push({ ...p, text: asciiText(bytes, at + 4, Math.min(at + 4 + length, end)) });
    at += 4 + length;
  }
  return { pageCode: 0x07, generationCode, generationMatches: generationCode === config.generationCode, descriptors, truncated: descriptors.length < positions.length };
}
