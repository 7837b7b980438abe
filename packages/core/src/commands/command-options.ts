/**
 * Options of the convenience commands.
 */
import type { ExecuteOptions, TransferMode } from '../execute/options.js';
import type { BlockCdbSize } from './block-cdb.js';

/** Per-command settings every convenience method accepts. */
export type CommandOptions = Pick<ExecuteOptions, 'timeout' | 'retry' | 'signal' | 'senseLength' | 'queueAt'>;

/** Page control of MODE SENSE. */
export type ModePageControl = 'current' | 'changeable' | 'default' | 'saved';

/** Page control of LOG SENSE. */
export type LogPageControl = 'current-threshold' | 'current-cumulative' | 'default-threshold' | 'default-cumulative';

/** Options of `readCapacity()`. */
export interface ReadCapacityOptions extends CommandOptions {
  /**
   * Ask READ CAPACITY(16) first, for protection and provisioning fields
   * (falls back to (10) when the device rejects (16)). Default false: (10),
   * then (16) only when the capacity needs it.
   */
  readonly detailed?: boolean;
}

/** Options of `modeSense()`. */
export interface ModeSenseOptions extends CommandOptions {
  /** Subpage code (default 0; 0xFF with page 0x3F: all subpages). */
  readonly subpage?: number;
  /** Which values (default 'current'; or the PC field's value 0..3). */
  readonly pageControl?: ModePageControl | number;
  /** Leave out block descriptors (default true). */
  readonly disableBlockDescriptors?: boolean;
  /** MODE SENSE(6) or (10); default 10, falling back to 6 when the device rejects (10). */
  readonly cdbSize?: 6 | 10;
}

/** Options of `logSense()`. */
export interface LogSenseOptions extends CommandOptions {
  /** Subpage code (default 0). */
  readonly subpage?: number;
  /** Which values (default 'current-cumulative'; or the PC field's value 0..3). */
  readonly pageControl?: LogPageControl | number;
  /** First parameter code to return (default 0). */
  readonly parameterPointer?: number;
}

/** Options of `reportLuns()`. */
export interface ReportLunsOptions extends CommandOptions {
  /** SELECT REPORT (default 0: addressable LUNs; 1 well-known, 2 all). */
  readonly selectReport?: number;
}

/** Options of `requestSense()`. */
export interface RequestSenseOptions extends CommandOptions {
  /** Ask for descriptor-format sense data (default false: fixed format). */
  readonly descriptorFormat?: boolean;
}

/** Options of `synchronizeCache()`. */
export interface SynchronizeCacheOptions extends CommandOptions {
  /** First LBA (default 0). */
  readonly lba?: number | bigint;
  /** Number of blocks (default 0: through the last block). */
  readonly count?: number;
  /** Return as soon as the command is accepted (IMMED). */
  readonly immediate?: boolean;
}

/** Options shared by the block commands. */
export interface BlockOptions extends CommandOptions {
  /** Logical block size; default: from `readCapacity()` (run once and cached). */
  readonly blockSize?: number;
  /** Force the 10- or 16-byte CDB (default: 10 when LBA < 2^32 and count <= 65535, else 16). */
  readonly cdbSize?: BlockCdbSize;
  /** DPO: do not keep the data in the device cache. */
  readonly dpo?: boolean;
}

/** Options of `readBlocks()`. */
export interface ReadBlocksOptions extends BlockOptions {
  /** Transfer mode (default 'indirect'). With 'mmap' the data is copied out of the reserved buffer when `into` is given; else the returned view is the mapping itself, valid until the next mmap-ed command. */
  readonly transfer?: TransferMode;
  /** Read into this buffer (at least count x block size bytes) instead of a new one. */
  readonly into?: Uint8Array;
  /** FUA: read from the medium, not the cache. */
  readonly fua?: boolean;
}

/** Options of `writeBlocks()`. */
export interface WriteBlocksOptions extends BlockOptions {
  /** Transfer mode (default 'indirect'). */
  readonly transfer?: TransferMode;
  /** FUA: write through to the medium before completing. */
  readonly fua?: boolean;
}

/** Options of `compareAndWrite()`. */
export interface CompareAndWriteOptions extends Omit<BlockOptions, 'cdbSize'> {
  /** FUA: write through to the medium before completing. */
  readonly fua?: boolean;
}

/** Options of `verify()`. */
export interface VerifyOptions extends BlockOptions {
  /**
   * Compare the medium with this data: `count` blocks (BYTCHK 1), or one
   * block compared with every block of the range (BYTCHK 3). Without it the
   * device only checks that the blocks are readable (BYTCHK 0).
   */
  readonly data?: Uint8Array;
}

/** Options of `writeSame()`. */
export interface WriteSameOptions extends Omit<BlockOptions, 'dpo'> {
  /** The block written to every LBA of the range (default: zeros, or nothing with `noDataOut`). */
  readonly data?: Uint8Array;
  /** Unmap the blocks when the device can (thin provisioning). */
  readonly unmap?: boolean;
  /** Anchor the blocks (with `unmap`). */
  readonly anchor?: boolean;
  /** WRITE SAME(16) NDOB: send no data, write zeros. */
  readonly noDataOut?: boolean;
}

/** Options of `unmap()`. */
export interface UnmapOptions extends CommandOptions {
  /** Anchor the blocks instead of deallocating them. */
  readonly anchor?: boolean;
}

/** The per-command options a convenience method passes through to execute. */
export function commandOptions(o: CommandOptions): ExecuteOptions {
  const out: { -readonly [K in keyof ExecuteOptions]: ExecuteOptions[K] } = {};
  if (o.timeout !== undefined) out.timeout = o.timeout;
  if (o.retry !== undefined) out.retry = o.retry;
  if (o.signal !== undefined) out.signal = o.signal;
  if (o.senseLength !== undefined) out.senseLength = o.senseLength;
  if (o.queueAt !== undefined) out.queueAt = o.queueAt;
  return out;
}
