/** Caching mode page (0x08, SBC-5 6.5.5). */
import { bits, flag, u16, u8 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { decodeFixedModePage, type FixedModePage } from './fixed-page.js';

/** Layout of the Caching mode page (offsets from the page start). */
export const CACHING_MODE_PAGE_LAYOUT = defineLayout({
  name: 'Caching mode page',
  length: 20,
  fields: {
    ic: flag(2, 7, { description: 'initiator control' }),
    abpf: flag(2, 6, { description: 'abort pre-fetch' }),
    cap: flag(2, 5, { description: 'caching analysis permitted' }),
    disc: flag(2, 4, { description: 'discontinuity' }),
    size: flag(2, 3, { description: 'size enable' }),
    wce: flag(2, 2, { description: 'write cache enable' }),
    mf: flag(2, 1, { description: 'multiplication factor' }),
    rcd: flag(2, 0, { description: 'read cache disable' }),
    demandReadRetentionPriority: bits(3, 7, 4, { description: 'demand read retention priority' }),
    writeRetentionPriority: bits(3, 3, 4, { description: 'write retention priority' }),
    disablePrefetchTransferLength: u16(4, { description: 'disable pre-fetch transfer length' }),
    minimumPrefetch: u16(6, { description: 'minimum pre-fetch' }),
    maximumPrefetch: u16(8, { description: 'maximum pre-fetch' }),
    maximumPrefetchCeiling: u16(10, { description: 'maximum pre-fetch ceiling' }),
    fsw: flag(12, 7, { description: 'force sequential write' }),
    lbcss: flag(12, 6, { description: 'logical block cache segment size' }),
    dra: flag(12, 5, { description: 'disable read ahead' }),
    syncProg: bits(12, 2, 2, { description: 'synchronous cache progress indication' }),
    nvDis: flag(12, 0, { description: 'non-volatile cache disabled' }),
    numberOfCacheSegments: u8(13, { description: 'number of cache segments' }),
    cacheSegmentSize: u16(14, { description: 'cache segment size' }),
  },
});

/** Decoded Caching mode page. */
export type CachingModePage = FixedModePage<(typeof CACHING_MODE_PAGE_LAYOUT)['fields']>;

/**
 * Decodes the Caching mode page (0x08) starting at byte 0 of `bytes`.
 * @throws {@link DecodeError} on fewer than 2 bytes or another page code.
 */
export function decodeCachingModePage(bytes: Uint8Array): CachingModePage {
  return decodeFixedModePage(bytes, 0x08, CACHING_MODE_PAGE_LAYOUT);
}
