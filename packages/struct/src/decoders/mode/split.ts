/**
 * Splitting MODE SENSE(6)/(10) parameter data into its header, block
 * descriptors and pages (page_0 and sub_page format).
 */
import { DecodeError } from '../../errors/decode-error.js';
import { responseExtent } from '../extent.js';
import type { DecoderRegistry } from '../registry/decoder-registry.js';
import { standardDecoders } from '../registry/standard-decoders.js';
import { decodeModePage, type ModePage } from './dispatch.js';
import type { GenericModePage } from './generic.js';
import { decodeModeBlockDescriptor, decodeModeParameterHeader, type ModeBlockDescriptor, type ModeParameterHeader } from './header.js';
import { modePageName } from './names.js';

/** One page of a MODE SENSE response, not yet decoded. */
export interface ModePageSlice {
  /** Page code. */
  readonly pageCode: number;
  /** Subpage code (0 in page_0 format). */
  readonly subpageCode: number;
  /** Page name. */
  readonly pageName: string;
  /** Sub_page format. */
  readonly spf: boolean;
  /** Offset of the page in the response. */
  readonly offset: number;
  /** The page's bytes (header included), a view into the response; shorter than declared when truncated. */
  readonly bytes: Uint8Array;
}

/** MODE SENSE parameter data split into its parts. */
export interface ModeSenseParts {
  /** The mode parameter header. */
  readonly header: ModeParameterHeader;
  /** The block descriptors. */
  readonly blockDescriptors: ModeBlockDescriptor[];
  /** The mode pages in response order (undecoded). */
  readonly pages: ModePageSlice[];
  /** Whether the mode data length said more than the buffer holds. */
  readonly truncated: boolean;
}

/** MODE SENSE parameter data with every page decoded (`M`: the page types of the registry used). */
export interface ModeSenseData<M = ModePage> {
  /** The mode parameter header. */
  readonly header: ModeParameterHeader;
  /** The block descriptors. */
  readonly blockDescriptors: ModeBlockDescriptor[];
  /** The mode pages in response order, decoded by {@link decodeModePage}. */
  readonly pages: (M | GenericModePage)[];
  /** Whether the mode data length said more than the buffer holds. */
  readonly truncated: boolean;
}

function pageLabel(format: 6 | 10): string {
  return `MODE SENSE(${format}) data`;
}

/**
 * Splits MODE SENSE parameter data: `format` is 6 for MODE SENSE(6), 10 for
 * MODE SENSE(10). A response cut by a short allocation length gives
 * `truncated: true` and the parts that fit (the last page possibly partial);
 * a block descriptor or page running past the device's own mode data length
 * is a {@link DecodeError}.
 */
export function splitModeSense(bytes: Uint8Array, format: 6 | 10): ModeSenseParts {
  const label = pageLabel(format);
  const header = decodeModeParameterHeader(bytes, format);
  const declared = header.modeDataLength + (format === 6 ? 1 : 2);
  if (declared < header.headerLength) {
    throw new DecodeError(label, 0, `mode data length ${header.modeDataLength} is shorter than the header`);
  }
  const { end, truncated } = responseExtent(bytes.length, declared);
  const descriptorSize = header.longLba ? 16 : 8;
  const bdStart = header.headerLength;
  const bdEnd = bdStart + header.blockDescriptorLength;
  if (bdEnd > end && !truncated) {
    throw new DecodeError(label, bdStart, `block descriptor length ${header.blockDescriptorLength} runs past the mode data length`);
  }
  if (header.blockDescriptorLength % descriptorSize !== 0) {
    throw new DecodeError(label, bdStart, `block descriptor length ${header.blockDescriptorLength} is not a multiple of ${descriptorSize}`);
  }
  const blockDescriptors: ModeBlockDescriptor[] = [];
  for (let off = bdStart; off + descriptorSize <= Math.min(bdEnd, end); off += descriptorSize) {
    blockDescriptors.push(decodeModeBlockDescriptor(bytes, off, header.longLba));
  }
  const pages: ModePageSlice[] = [];
  let off = bdEnd;
  while (off < end) {
    const spf = (bytes[off]! & 0x40) !== 0;
    const headerLength = spf ? 4 : 2;
    if (off + headerLength > end) {
      if (truncated) break;
      throw new DecodeError(label, off, 'mode page header runs past the mode data length');
    }
    const length = spf ? bytes[off + 2]! * 256 + bytes[off + 3]! : bytes[off + 1]!;
    const next = off + headerLength + length;
    if (next > end && !truncated) {
      throw new DecodeError(label, off, `mode page length ${length} runs past the mode data length`);
    }
    const pageCode = bytes[off]! & 0x3f;
    const subpageCode = spf ? bytes[off + 1]! : 0;
    pages.push({ pageCode, subpageCode, pageName: modePageName(pageCode, subpageCode), spf, offset: off, bytes: bytes.subarray(off, Math.min(next, end)) });
    off = next;
  }
  return { header, blockDescriptors, pages, truncated };
}

/**
 * Decodes MODE SENSE parameter data completely: header, block descriptors
 * and every page (see {@link splitModeSense} for the rules on short input),
 * each page by {@link decodeModePage} with `decoders` (default: the built-in
 * decoders) and `deviceType`.
 */
export function decodeModeSense<M = ModePage>(
  bytes: Uint8Array,
  format: 6 | 10,
  decoders: DecoderRegistry<unknown, M, unknown> = standardDecoders as unknown as DecoderRegistry<unknown, M, unknown>,
  deviceType?: number,
): ModeSenseData<M> {
  const parts = splitModeSense(bytes, format);
  return { header: parts.header, blockDescriptors: parts.blockDescriptors, pages: parts.pages.map((p) => decodeModePage(p.bytes, decoders, deviceType)), truncated: parts.truncated };
}
