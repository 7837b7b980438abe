/**
 * Flows of the block maintenance commands: VERIFY, WRITE SAME, UNMAP and
 * SYNCHRONIZE CACHE, each choosing its 10- or 16-byte CDB from the range,
 * and COMPARE AND WRITE.
 */
import { compareAndWrite, synchronizeCache10, synchronizeCache16, unmap, verify10, verify16, writeSame10, writeSame16 } from '@sgio/struct';
import { checkCount, checkLba, chooseCdbSize, fitsCdb10 } from '../commands/block-cdb.js';
import { checkBlockSize } from '../commands/block-io.js';
import { BlockRequestError } from '../commands/command-errors.js';
import { commandOptions, type CompareAndWriteOptions, type SynchronizeCacheOptions, type UnmapOptions, type VerifyOptions, type WriteSameOptions } from '../commands/command-options.js';
import type { CommandResult } from '../execute/result.js';
import { step, type CommandFlow } from './command-step.js';
import { encodeUnmapList, type BlockRange } from '../commands/unmap-list.js';

/** VERIFY of `count` blocks at `lba`, comparing with `options.data` when given. */
export function* verifyFlow(lba: number | bigint, count: number, blockSize: number, options: VerifyOptions): CommandFlow<void> {
  const start = checkLba(lba);
  checkCount(count);
  checkBlockSize(blockSize);
  const data = options.data;
  let bytchk = 0;
  if (data !== undefined) {
    if (data.length === count * blockSize) bytchk = 1;
    else if (data.length === blockSize) bytchk = 3;
    else throw new BlockRequestError(`verify(): data must be ${count} blocks (${count * blockSize} bytes) or one block (${blockSize} bytes), got ${data.length} bytes`);
  }
  const exec = { ...commandOptions(options), blockSize, ...(data ? { data } : {}) };
  const fields = { lba: start, verificationLength: count, bytchk, dpo: options.dpo ?? false };
  if (chooseCdbSize(start, count, options.cdbSize) === 10) yield step(verify10, { ...fields, lba: Number(start) }, exec);
  else yield step(verify16, fields, exec);
}

/** The most blocks one COMPARE AND WRITE can name (its NUMBER OF LOGICAL BLOCKS is one byte). */
export const COMPARE_AND_WRITE_MAX_BLOCKS = 255;

/**
 * COMPARE AND WRITE of whole blocks at `lba`: the device compares its blocks
 * with `expected` and, only if they are equal, writes `replacement`, as one
 * atomic operation. A difference is a `MiscompareError` (nothing written).
 * Returns the command's result.
 */
export function* compareAndWriteFlow(lba: number | bigint, expected: Uint8Array, replacement: Uint8Array, blockSize: number, options: CompareAndWriteOptions): CommandFlow<CommandResult> {
  const start = checkLba(lba);
  checkBlockSize(blockSize);
  if (expected.length !== replacement.length) {
    throw new BlockRequestError(`compareAndWrite(): the expected data (${expected.length} bytes) and the replacement (${replacement.length} bytes) must be the same length`);
  }
  if (expected.length === 0 || expected.length % blockSize !== 0) {
    throw new BlockRequestError(`compareAndWrite(): the data must be whole blocks of ${blockSize} bytes, got ${expected.length} bytes`);
  }
  const count = expected.length / blockSize;
  if (count > COMPARE_AND_WRITE_MAX_BLOCKS) {
    throw new BlockRequestError(`compareAndWrite(): at most ${COMPARE_AND_WRITE_MAX_BLOCKS} blocks in one command (and often fewer: the device's MAXIMUM COMPARE AND WRITE LENGTH, block limits VPD page), got ${count}`);
  }
  const data = new Uint8Array(2 * expected.length);
  data.set(expected, 0);
  data.set(replacement, expected.length);
  const fields = { lba: start, numberOfBlocks: count, fua: options.fua ?? false, dpo: options.dpo ?? false };
  return yield step(compareAndWrite, fields, { ...commandOptions(options), blockSize, data });
}

/** WRITE SAME of one block (default zeros) over `count` blocks at `lba`. */
export function* writeSameFlow(lba: number | bigint, count: number, blockSize: number, options: WriteSameOptions): CommandFlow<void> {
  const start = checkLba(lba);
  checkCount(count);
  checkBlockSize(blockSize);
  const ndob = options.noDataOut ?? false;
  if (ndob && options.data) throw new BlockRequestError('writeSame(): pass either data or noDataOut, not both');
  if (ndob && options.cdbSize === 10) throw new BlockRequestError('writeSame(): noDataOut needs WRITE SAME(16); leave cdbSize out or set it to 16');
  const data = ndob ? undefined : (options.data ?? new Uint8Array(blockSize));
  if (data && data.length !== blockSize) throw new BlockRequestError(`writeSame(): data must be exactly one block (${blockSize} bytes), got ${data.length}`);
  const exec = { ...commandOptions(options), blockSize, ...(data ? { data } : {}) };
  const flags = { unmap: options.unmap ?? false, anchor: options.anchor ?? false };
  const size = ndob ? 16 : chooseCdbSize(start, count, options.cdbSize);
  if (size === 10) yield step(writeSame10, { ...flags, lba: Number(start), numberOfBlocks: count }, exec);
  else yield step(writeSame16, { ...flags, ndob, lba: start, numberOfBlocks: count }, exec);
}

/** UNMAP of one or more ranges. */
export function* unmapFlow(ranges: BlockRange | readonly BlockRange[], options: UnmapOptions): CommandFlow<void> {
  const list = encodeUnmapList(Array.isArray(ranges) ? (ranges as readonly BlockRange[]) : [ranges as BlockRange]);
  yield step(unmap, { anchor: options.anchor ?? false, parameterListLength: list.length }, { ...commandOptions(options), data: list });
}

/** SYNCHRONIZE CACHE of a range (default: everything). */
export function* synchronizeCacheFlow(options: SynchronizeCacheOptions): CommandFlow<void> {
  const start = checkLba(options.lba ?? 0);
  const count = checkCount(options.count ?? 0);
  const immed = options.immediate ?? false;
  const exec = commandOptions(options);
  if (fitsCdb10(start, count)) yield step(synchronizeCache10, { immed, lba: Number(start), numberOfBlocks: count }, exec);
  else yield step(synchronizeCache16, { immed, lba: start, numberOfBlocks: count }, exec);
}
