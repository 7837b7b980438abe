/**
 * The most blocks one command may move, as a disk states it (Block Limits
 * VPD page) and as its backstore tells the kernel (`hw_max_sectors`, a
 * 16-bit value in configfs). One check for both, and for the CLI's option.
 */
import { TargetError } from '../errors.js';

/** The largest maximum transfer the kernel's `hw_max_sectors` takes. */
export const MAX_TRANSFER_BLOCKS_LIMIT = 0xffff;

/** Throws `ETCMU_ARGUMENT` unless `blocks` is a whole number in 1..65535. */
export function checkMaxTransferBlocks(blocks: number): void {
  if (!Number.isInteger(blocks) || blocks < 1 || blocks > MAX_TRANSFER_BLOCKS_LIMIT) {
    throw new TargetError('ETCMU_ARGUMENT', `the maximum transfer must be 1..${MAX_TRANSFER_BLOCKS_LIMIT} blocks (the kernel's hw_max_sectors is 16 bits), got ${blocks}`);
  }
}
