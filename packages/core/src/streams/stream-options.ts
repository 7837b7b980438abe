/**
 * Options of the block streams and their resolution against the device
 * (block size, capacity, transfer size, queue depth).
 */
import { checkLba } from '../commands/block-cdb.js';
import { checkBlockSize } from '../commands/block-io.js';
import { BlockRequestError } from '../commands/command-errors.js';
import type { CommandOptions } from '../commands/command-options.js';
import type { BlockCdbSize } from '../commands/block-cdb.js';
import type { TransferMode } from '../execute/options.js';

/** Options shared by the read and the write stream. */
export interface BlockStreamOptions extends Omit<CommandOptions, 'signal'> {
  /** First LBA (default 0). */
  readonly start?: number | bigint;
  /** LBA after the last one (exclusive; default: the device's block count). */
  readonly end?: number | bigint;
  /** Blocks per command (default: 256 KiB worth, at least 1). */
  readonly blocksPerTransfer?: number;
  /**
   * Transfer mode (default 'indirect'). 'direct' uses page-aligned buffers
   * (honoured when the sg module's allow_dio is 1); 'mmap' goes through the
   * reserved buffer, one command at a time (sizing and mapping it if needed).
   */
  readonly mode?: TransferMode;
  /** Commands in flight at once (default 4; always 1 with 'mmap'). */
  readonly queueDepth?: number;
  /** Transfers the stream buffers before it applies backpressure (default 4). */
  readonly highWaterMark?: number;
  /** Logical block size (default: from readCapacity()). */
  readonly blockSize?: number;
  /** Force 10- or 16-byte CDBs. */
  readonly cdbSize?: BlockCdbSize;
  /** Aborts the stream (destroys it with the abort reason). */
  readonly signal?: AbortSignal;
}

/** Default bytes per command when `blocksPerTransfer` is not given. */
export const DEFAULT_TRANSFER_BYTES = 256 * 1024;
/** Default commands in flight. */
export const DEFAULT_QUEUE_DEPTH = 4;
/** Default buffered transfers. */
export const DEFAULT_HIGH_WATER_MARK = 4;

/** Stream settings once the block size and capacity are known. */
export interface ResolvedStream {
  /** Block size in bytes. */
  readonly blockSize: number;
  /** First LBA. */
  readonly start: bigint;
  /** LBA after the last. */
  readonly end: bigint;
  /** Blocks per command. */
  readonly blocksPerTransfer: number;
  /** Commands in flight. */
  readonly queueDepth: number;
  /** Transfer mode. */
  readonly mode: TransferMode;
}

function positiveInt(name: string, value: number | undefined, fallback: number, max = 0x7fffffff): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw new BlockRequestError(`${name} must be an integer 1..${max}, got ${String(value)}`);
  return value;
}

/** The Node stream highWaterMark in bytes, from the options and the best guess of the block size. */
export function highWaterMarkBytes(options: BlockStreamOptions, blockSizeGuess: number | undefined): number {
  const transfers = positiveInt('highWaterMark', options.highWaterMark, DEFAULT_HIGH_WATER_MARK, 1024);
  const bs = options.blockSize ?? blockSizeGuess ?? 512;
  const perTransfer = options.blocksPerTransfer !== undefined ? options.blocksPerTransfer * bs : Math.max(bs, DEFAULT_TRANSFER_BYTES);
  return transfers * perTransfer;
}

/**
 * Checks the options and fills in the defaults; `blocks` is the device's
 * block count, `maxTransferBytes` a limit on the default transfer size (the
 * mapped reserved buffer, for mmap).
 */
export function resolveStream(options: BlockStreamOptions, blockSize: number, blocks: bigint | undefined, maxTransferBytes = Infinity): ResolvedStream {
  checkBlockSize(blockSize);
  const mode = options.mode ?? 'indirect';
  if (mode !== 'indirect' && mode !== 'direct' && mode !== 'mmap') throw new BlockRequestError(`mode must be 'indirect', 'direct' or 'mmap', got '${String(mode)}'`);
  const start = checkLba(options.start ?? 0, 'start');
  const endGiven = options.end !== undefined ? checkLba(options.end, 'end') : undefined;
  const end = endGiven ?? blocks;
  if (end === undefined) throw new BlockRequestError('the stream needs an end LBA: pass end, or let the stream read the capacity');
  if (end < start) throw new BlockRequestError(`end (${end}) is before start (${start})`);
  if (blocks !== undefined && end > blocks) throw new BlockRequestError(`end (${end}) is past the device's last block (it has ${blocks} blocks)`);
  const maxBlocks = Math.floor(0x7fffffff / blockSize);
  const blocksPerTransfer = positiveInt(
    'blocksPerTransfer',
    options.blocksPerTransfer,
    Math.max(1, Math.floor(Math.min(DEFAULT_TRANSFER_BYTES, maxTransferBytes) / blockSize)),
    Math.min(maxBlocks, 0xffffffff),
  );
  const queueDepth = mode === 'mmap' ? 1 : positiveInt('queueDepth', options.queueDepth, DEFAULT_QUEUE_DEPTH, 64);
  return { blockSize, start, end, blocksPerTransfer, queueDepth, mode };
}
