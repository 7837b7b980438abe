/**
 * The capacity of a block device, from READ CAPACITY(10) or (16).
 */
import { ResponseDecodeError } from './command-errors.js';
import type { ReadCapacity10Data, ReadCapacity16Data } from '@sgio/struct';

/** Protection information settings (READ CAPACITY(16) only). */
export interface ProtectionInfo {
  /** PROT_EN: the medium is formatted with protection information. */
  readonly enabled: boolean;
  /** Protection type: 0 none, 1..3 types 1..3. */
  readonly type: number;
  /** P_I_EXPONENT: log2 of protection intervals per logical block. */
  readonly intervalsExponent: number;
}

/**
 * The capacity of a block device. Fields only READ CAPACITY(16) returns are
 * `undefined` when READ CAPACITY(10) answered (ask with `{ detailed: true }`).
 */
export interface Capacity {
  /** Which command answered. */
  readonly source: 10 | 16;
  /** The last logical block address. */
  readonly lastLba: bigint;
  /** Number of logical blocks (lastLba + 1). */
  readonly blocks: bigint;
  /** Logical block size in bytes. */
  readonly blockSize: number;
  /** Capacity in bytes. */
  readonly bytes: bigint;
  /** Physical block size in bytes (block size << LBPPBE). */
  readonly physicalBlockSize: number | undefined;
  /** Lowest aligned LBA. */
  readonly lowestAlignedLba: number | undefined;
  /** Protection information settings. */
  readonly protection: ProtectionInfo | undefined;
  /** LBPME: logical block provisioning (thin provisioning) is enabled. */
  readonly lbpme: boolean | undefined;
  /** LBPRZ: unmapped blocks read as zeros. */
  readonly lbprz: boolean | undefined;
}

/** Smallest and largest logical block length sgio accepts from a device. */
export const BLOCK_LENGTH_LIMITS = { min: 256, max: 1 << 20 } as const;

/**
 * Refuses a logical block length no real device reports: block I/O divides
 * by it, sizes buffers with it and fills lanes' mappings block by block, so
 * 0 or an absurd value from a broken or hostile target must stop here.
 * Lengths need not be powers of two (520- and 528-byte formats exist).
 */
function checkBlockLength(command: string, length: number): number {
  if (!Number.isInteger(length) || length < BLOCK_LENGTH_LIMITS.min || length > BLOCK_LENGTH_LIMITS.max) {
    throw new ResponseDecodeError(command, new Uint8Array(0), new RangeError(`the device reports a logical block length of ${length} bytes; sgio accepts ${BLOCK_LENGTH_LIMITS.min}..${BLOCK_LENGTH_LIMITS.max}. Check the device (sg_readcap) before using it`));
  }
  return length;
}

/** The {@link Capacity} of READ CAPACITY(10) data; throws a ResponseDecodeError for an impossible block length. */
export function capacityFrom10(data: ReadCapacity10Data): Capacity {
  checkBlockLength('READ CAPACITY(10)', data.blockLength);
  const blocks = BigInt(data.numberOfBlocks);
  return {
    source: 10,
    lastLba: BigInt(data.returnedLba),
    blocks,
    blockSize: data.blockLength,
    bytes: blocks * BigInt(data.blockLength),
    physicalBlockSize: undefined,
    lowestAlignedLba: undefined,
    protection: undefined,
    lbpme: undefined,
    lbprz: undefined,
  };
}

/** The {@link Capacity} of READ CAPACITY(16) data; throws a ResponseDecodeError for an impossible block length. */
export function capacityFrom16(data: ReadCapacity16Data): Capacity {
  checkBlockLength('READ CAPACITY(16)', data.blockLength);
  return {
    source: 16,
    lastLba: data.returnedLba,
    blocks: data.numberOfBlocks,
    blockSize: data.blockLength,
    bytes: data.capacityBytes,
    physicalBlockSize: data.physicalBlockLength,
    lowestAlignedLba: data.lowestAlignedLba,
    protection: { enabled: data.protEn, type: data.protectionType, intervalsExponent: data.pIExponent },
    lbpme: data.lbpme,
    lbprz: data.lbprz,
  };
}
