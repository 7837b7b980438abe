/**
 * The UNMAP parameter list (SBC-5 5.32.2): an 8-byte header and one 16-byte
 * block descriptor per range.
 */
import { BlockRequestError } from './command-errors.js';
import { checkCount, checkLba } from './block-cdb.js';

/** A range of logical blocks. */
export interface BlockRange {
  /** First LBA. */
  readonly lba: number | bigint;
  /** Number of blocks (0..2^32-1). */
  readonly count: number;
}

/** Most descriptors one UNMAP parameter list can hold (its length field is 16 bits). */
export const MAX_UNMAP_DESCRIPTORS = Math.floor((0xffff - 8) / 16);

/** Encodes the UNMAP parameter list for `ranges`. */
export function encodeUnmapList(ranges: readonly BlockRange[]): Uint8Array {
  if (ranges.length === 0) throw new BlockRequestError('unmap() needs at least one range');
  if (ranges.length > MAX_UNMAP_DESCRIPTORS) {
    throw new BlockRequestError(`unmap() takes at most ${MAX_UNMAP_DESCRIPTORS} ranges per command, got ${ranges.length}; split the list (and check MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT in vpd(0xb0))`);
  }
  const length = 8 + 16 * ranges.length;
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  view.setUint16(0, length - 2);
  view.setUint16(2, length - 8);
  ranges.forEach((r, i) => {
    const at = 8 + 16 * i;
    view.setBigUint64(at, checkLba(r.lba, `ranges[${i}].lba`));
    view.setUint32(at + 8, checkCount(r.count, `ranges[${i}].count`));
  });
  return out;
}
