/**
 * The capacity of a block device, from READ CAPACITY(10) or (16).
 */
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

/** The {@link Capacity} of READ CAPACITY(10) data. */
export function capacityFrom10(data: ReadCapacity10Data): Capacity {
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

/** The {@link Capacity} of READ CAPACITY(16) data. */
export function capacityFrom16(data: ReadCapacity16Data): Capacity {
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
