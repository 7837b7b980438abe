/** Block Limits (0xB0, SBC-5 6.6.4). */
import { bits, flag, u16, u32, u64, u8 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { decodeFixedVpdPage, type FixedVpdPage } from './fixed-page.js';

/** Layout of the Block Limits page (offsets from the page start). */
export const BLOCK_LIMITS_LAYOUT = defineLayout({
  name: 'Block Limits page',
  length: 64,
  fields: {
    wsnz: flag(4, 0, { description: 'write same non-zero: a zero number of blocks is refused' }),
    maximumCompareAndWriteLength: u8(5, { description: 'maximum COMPARE AND WRITE length, blocks' }),
    optimalTransferLengthGranularity: u16(6, { description: 'optimal transfer length granularity, blocks' }),
    maximumTransferLength: u32(8, { description: 'maximum transfer length, blocks (0: not reported)' }),
    optimalTransferLength: u32(12, { description: 'optimal transfer length, blocks' }),
    maximumPrefetchLength: u32(16, { description: 'maximum PRE-FETCH length, blocks' }),
    maximumUnmapLbaCount: u32(20, { description: 'maximum UNMAP LBA count' }),
    maximumUnmapBlockDescriptorCount: u32(24, { description: 'maximum UNMAP block descriptor count' }),
    optimalUnmapGranularity: u32(28, { description: 'optimal unmap granularity, blocks' }),
    ugavalid: flag(32, 7, { description: 'unmap granularity alignment valid' }),
    unmapGranularityAlignment: bits(32, 6, 31, { description: 'unmap granularity alignment, LBA' }),
    maximumWriteSameLength: u64(36, { description: 'maximum WRITE SAME length, blocks' }),
    maximumAtomicTransferLength: u32(44, { description: 'maximum atomic transfer length, blocks' }),
    atomicAlignment: u32(48, { description: 'atomic alignment, blocks' }),
    atomicTransferLengthGranularity: u32(52, { description: 'atomic transfer length granularity, blocks' }),
    maximumAtomicTransferLengthWithAtomicBoundary: u32(56, { description: 'maximum atomic transfer length with atomic boundary, blocks' }),
    maximumAtomicBoundarySize: u32(60, { description: 'maximum atomic boundary size, blocks' }),
  },
});

/** Decoded Block Limits page. */
export type BlockLimitsVpdPage = FixedVpdPage<(typeof BLOCK_LIMITS_LAYOUT)['fields']>;

/**
 * Decodes the Block Limits page (0xB0).
 * @throws {@link DecodeError} on fewer than 4 bytes or another page code.
 */
export function decodeBlockLimits(bytes: Uint8Array): BlockLimitsVpdPage {
  return decodeFixedVpdPage(bytes, 0xb0, BLOCK_LIMITS_LAYOUT);
}
