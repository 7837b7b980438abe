/**
 * What the block streams need from a device: its block size and capacity,
 * block reads and writes, and a cache flush. Devices (SgDevice, BsgDevice)
 * satisfy it; the streams depend on nothing else, so the device may offer
 * `createReadStream()`/`createWriteStream()` without an import circle.
 */
import type { Capacity } from '../commands/capacity.js';
import type { ReadBlocksOptions, SynchronizeCacheOptions, WriteBlocksOptions } from '../commands/command-options.js';

/** The block IO a {@link BlockReadStream} or {@link BlockWriteStream} runs on. */
export interface BlockIo {
  /** The capacity read last, if any (its block size is the default of the streams). */
  readonly cachedCapacity: Capacity | undefined;
  /** READ CAPACITY: block size and count. */
  readCapacity(): Promise<Capacity>;
  /** Reads `count` blocks at `lba` (into `options.into` when given). */
  readBlocks(lba: number | bigint, count: number, options?: ReadBlocksOptions): Promise<Uint8Array>;
  /** Writes whole blocks at `lba`. */
  writeBlocks(lba: number | bigint, data: Uint8Array, options?: WriteBlocksOptions): Promise<void>;
  /** SYNCHRONIZE CACHE of the whole device. */
  synchronizeCache(options?: SynchronizeCacheOptions): Promise<void>;
}
