/**
 * READ CAPACITY(10) and READ CAPACITY(16) parameter data (SBC-5 5.20, 5.21):
 * capacity, block size, protection and logical block provisioning.
 */
import { bits, flag, u32, u64 } from '../dsl/fields.js';
import { defineLayout } from '../dsl/layout.js';
import { checkInput } from './bytes.js';

/** Layout of READ CAPACITY(10) parameter data. */
export const READ_CAPACITY_10_LAYOUT = defineLayout({
  name: 'READ CAPACITY(10) data',
  length: 8,
  fields: {
    returnedLba: u32(0, { description: 'last LBA (0xFFFFFFFF: use READ CAPACITY(16))' }),
    blockLength: u32(4, { description: 'logical block length, bytes' }),
  },
});

/** Layout of the first 32 bytes of READ CAPACITY(16) parameter data. */
export const READ_CAPACITY_16_LAYOUT = defineLayout({
  name: 'READ CAPACITY(16) data',
  length: 32,
  fields: {
    returnedLba: u64(0, { description: 'last LBA' }),
    blockLength: u32(8, { description: 'logical block length, bytes' }),
    rcBasis: bits(12, 5, 2, { description: 'what the returned LBA is based on' }),
    pType: bits(12, 3, 3, { description: 'protection type minus one (when PROT_EN)' }),
    protEn: flag(12, 0, { description: 'protection information enabled' }),
    pIExponent: bits(13, 7, 4, { description: 'protection information intervals per logical block, log2' }),
    lbppbe: bits(13, 3, 4, { description: 'logical blocks per physical block, log2' }),
    lbpme: flag(14, 7, { description: 'logical block provisioning management enabled' }),
    lbprz: flag(14, 6, { description: 'unmapped blocks read as zero' }),
    lowestAlignedLba: bits(14, 5, 14, { description: 'lowest aligned LBA' }),
  },
});

/** Decoded READ CAPACITY(10) data. */
export interface ReadCapacity10Data {
  /** The last LBA (0xFFFFFFFF when the capacity needs READ CAPACITY(16)). */
  readonly returnedLba: number;
  /** Logical block length in bytes. */
  readonly blockLength: number;
  /** Number of logical blocks (returned LBA + 1). */
  readonly numberOfBlocks: number;
  /** Capacity in bytes. */
  readonly capacityBytes: bigint;
  /** Whether the device asks for READ CAPACITY(16) (returned LBA 0xFFFFFFFF). */
  readonly needsReadCapacity16: boolean;
}

/** Decoded READ CAPACITY(16) data. */
export interface ReadCapacity16Data {
  /** The last LBA. */
  readonly returnedLba: bigint;
  /** Logical block length in bytes. */
  readonly blockLength: number;
  /** Number of logical blocks (returned LBA + 1). */
  readonly numberOfBlocks: bigint;
  /** Capacity in bytes. */
  readonly capacityBytes: bigint;
  /** RC BASIS field. */
  readonly rcBasis: number;
  /** Protection information enabled. */
  readonly protEn: boolean;
  /** P_TYPE field. */
  readonly pType: number;
  /** Protection type: 0 none, 1..3 types 1..3 (P_TYPE + 1 when PROT_EN). */
  readonly protectionType: number;
  /** P_I_EXPONENT field. */
  readonly pIExponent: number;
  /** Logical blocks per physical block exponent. */
  readonly lbppbe: number;
  /** Physical block length in bytes (block length << LBPPBE). */
  readonly physicalBlockLength: number;
  /** Logical block provisioning management enabled. */
  readonly lbpme: boolean;
  /** Unmapped blocks read as zero. */
  readonly lbprz: boolean;
  /** Lowest aligned LBA. */
  readonly lowestAlignedLba: number;
  /** Whether fewer than 32 bytes were given (fields past them read as zero; at least 12 are needed). */
  readonly truncated: boolean;
}

/**
 * Decodes READ CAPACITY(10) parameter data (8 bytes).
 * @throws {@link DecodeError} on fewer than 8 bytes.
 */
export function decodeReadCapacity10(bytes: Uint8Array): ReadCapacity10Data {
  checkInput(bytes, READ_CAPACITY_10_LAYOUT.name, 8);
  const f = READ_CAPACITY_10_LAYOUT.decode(bytes);
  const numberOfBlocks = f.returnedLba + 1;
  return {
    returnedLba: f.returnedLba,
    blockLength: f.blockLength,
    numberOfBlocks,
    capacityBytes: BigInt(numberOfBlocks) * BigInt(f.blockLength),
    needsReadCapacity16: f.returnedLba === 0xffffffff,
  };
}

/**
 * Decodes READ CAPACITY(16) parameter data. At least the 12 bytes holding
 * the LBA and block length are needed; a shorter allocation than 32 bytes
 * gives `truncated: true` with the missing fields as zero.
 * @throws {@link DecodeError} on fewer than 12 bytes.
 */
export function decodeReadCapacity16(bytes: Uint8Array): ReadCapacity16Data {
  checkInput(bytes, READ_CAPACITY_16_LAYOUT.name, 12);
  const truncated = bytes.length < 32;
  const source = truncated ? new Uint8Array(32) : bytes;
  if (truncated) source.set(bytes);
  const f = READ_CAPACITY_16_LAYOUT.decode(source);
  const numberOfBlocks = f.returnedLba + 1n;
  return {
    returnedLba: f.returnedLba,
    blockLength: f.blockLength,
    numberOfBlocks,
    capacityBytes: numberOfBlocks * BigInt(f.blockLength),
    rcBasis: f.rcBasis,
    protEn: f.protEn,
    pType: f.pType,
    protectionType: f.protEn ? f.pType + 1 : 0,
    pIExponent: f.pIExponent,
    lbppbe: f.lbppbe,
    physicalBlockLength: f.blockLength * 2 ** f.lbppbe,
    lbpme: f.lbpme,
    lbprz: f.lbprz,
    lowestAlignedLba: f.lowestAlignedLba,
    truncated,
  };
}
