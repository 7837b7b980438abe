/**
 * Planning and finishing READ and WRITE of a block range, shared by the
 * synchronous and asynchronous methods: the CDB (10 or 16 bytes, from a
 * reused encoder), the execute options, and the checks on the result.
 */
import { alignedBuffer } from '../execute/aligned.js';
import type { ExecuteOptions } from '../execute/options.js';
import type { CommandResult } from '../execute/result.js';
import type { BlockCdbEncoder } from './block-cdb.js';
import { blockCommandName, checkCount, checkLba, chooseCdbSize } from './block-cdb.js';
import { BlockRequestError, ShortTransferError } from './command-errors.js';
import { commandOptions, type ReadBlocksOptions, type WriteBlocksOptions } from './command-options.js';
import type { EncoderPool } from './encoder-pool.js';

/** A block command ready to execute. */
export interface BlockPlan {
  /** The CDB (a buffer of `encoder`). */
  readonly cdb: Uint8Array;
  /** Options for `execute(cdb, options)`. */
  readonly options: ExecuteOptions;
  /** Bytes the command moves. */
  readonly bytes: number;
  /** The encoder holding the CDB; back to the pool after success. */
  readonly encoder: BlockCdbEncoder;
  /** The caller's buffer, for mmap-ed reads that copy out. */
  readonly into: Uint8Array | undefined;
}

/** Checks a block size. */
export function checkBlockSize(blockSize: number): number {
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > 0x100000) {
    throw new BlockRequestError(`blockSize must be a positive integer (bytes per logical block), got ${String(blockSize)}`);
  }
  return blockSize;
}

function checkBytes(count: number, blockSize: number): number {
  const bytes = count * blockSize;
  if (bytes > 0x7fffffff) throw new BlockRequestError(`${count} blocks of ${blockSize} bytes exceed 2 GiB - 1 per command; split the range`);
  return bytes;
}

/** Plans READ of `count` blocks at `lba`; undefined for zero blocks. */
export function planRead(pool: EncoderPool, lba: number | bigint, count: number, blockSize: number, o: ReadBlocksOptions): BlockPlan | undefined {
  const start = checkLba(lba);
  checkCount(count);
  const bytes = checkBytes(count, checkBlockSize(blockSize));
  const into = o.into;
  if (into !== undefined && (!(into instanceof Uint8Array) || into.length < bytes)) {
    throw new BlockRequestError(`readBlocks(): 'into' must be a Uint8Array of at least ${bytes} bytes (${count} blocks of ${blockSize}), got ${into instanceof Uint8Array ? `${into.length} bytes` : typeof into}`);
  }
  if (count === 0) return undefined;
  const size = chooseCdbSize(start, count, o.cdbSize);
  const encoder = pool.acquire();
  const cdb = encoder.encode('read', start, count, size, o);
  const transfer = o.transfer ?? 'indirect';
  const receive = transfer === 'mmap' ? bytes : into ? into.subarray(0, bytes) : transfer === 'direct' ? alignedBuffer(bytes) : bytes;
  return { cdb, bytes, encoder, into: transfer === 'mmap' ? into : undefined, options: { ...commandOptions(o), name: blockCommandName('read', size), direction: 'in', receive, transfer } };
}

/** The data of a completed READ: checks it is complete, copies out of the mapping when asked to. */
export function finishRead(pool: EncoderPool, plan: BlockPlan, result: CommandResult): Uint8Array {
  pool.release(plan.encoder);
  const data = result.data;
  if (!data || data.length < plan.bytes) throw new ShortTransferError(result.command, plan.bytes, data?.length ?? 0);
  if (plan.into) {
    plan.into.set(data.subarray(0, plan.bytes));
    return plan.into.subarray(0, plan.bytes);
  }
  return data;
}

/** Plans WRITE of `data` (whole blocks) at `lba`; undefined for no data. */
export function planWrite(pool: EncoderPool, lba: number | bigint, data: Uint8Array, blockSize: number, o: WriteBlocksOptions): BlockPlan | undefined {
  const start = checkLba(lba);
  if (!(data instanceof Uint8Array)) throw new BlockRequestError(`writeBlocks(): data must be a Uint8Array, got ${typeof data}`);
  checkBlockSize(blockSize);
  if (data.length % blockSize !== 0) {
    throw new BlockRequestError(`writeBlocks(): ${data.length} bytes are not a whole number of ${blockSize}-byte blocks; pad the data to a multiple of the block size`);
  }
  const count = checkCount(data.length / blockSize);
  const bytes = checkBytes(count, blockSize);
  if (count === 0) return undefined;
  const size = chooseCdbSize(start, count, o.cdbSize);
  const encoder = pool.acquire();
  const cdb = encoder.encode('write', start, count, size, o);
  return { cdb, bytes, encoder, into: undefined, options: { ...commandOptions(o), name: blockCommandName('write', size), direction: 'out', data, transfer: o.transfer ?? 'indirect' } };
}

/** Checks a completed WRITE moved everything. */
export function finishWrite(pool: EncoderPool, plan: BlockPlan, result: CommandResult): void {
  pool.release(plan.encoder);
  if (result.transferred < plan.bytes) throw new ShortTransferError(result.command, plan.bytes, result.transferred);
}
