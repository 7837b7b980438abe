/**
 * Mode parameter headers (6 and 10 byte forms) and block descriptors (short
 * and long LBA), SPC-6 7.5.6 and SBC-5 6.5.2.
 */
import { flag, u16, u8, u24, u64, u32 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { checkInput } from '../bytes.js';

/** Layout of the MODE SENSE(6) / MODE SELECT(6) parameter header. */
export const MODE_HEADER_6_LAYOUT = defineLayout({
  name: 'mode parameter header(6)',
  length: 4,
  fields: {
    modeDataLength: u8(0, { description: 'bytes that follow this field' }),
    mediumType: u8(1, { description: 'medium type' }),
    deviceSpecificParameter: u8(2, { description: 'device-type specific byte (disks: WP, DPOFUA)' }),
    blockDescriptorLength: u8(3, { description: 'bytes of block descriptors' }),
  },
});

/** Layout of the MODE SENSE(10) / MODE SELECT(10) parameter header. */
export const MODE_HEADER_10_LAYOUT = defineLayout({
  name: 'mode parameter header(10)',
  length: 8,
  fields: {
    modeDataLength: u16(0, { description: 'bytes that follow this field' }),
    mediumType: u8(2, { description: 'medium type' }),
    deviceSpecificParameter: u8(3, { description: 'device-type specific byte (disks: WP, DPOFUA)' }),
    longLba: flag(4, 0, { description: 'block descriptors are 16 bytes' }),
    blockDescriptorLength: u16(6, { description: 'bytes of block descriptors' }),
  },
});

/** Layout of a short (8-byte) block descriptor. */
export const MODE_SHORT_BLOCK_DESCRIPTOR_LAYOUT = defineLayout({
  name: 'mode block descriptor',
  length: 8,
  fields: {
    sbcNumberOfBlocks: u32(0, { description: 'direct access devices: number of logical blocks' }),
    blockLength: u24(5, { description: 'logical block length' }),
  },
});

/** Layout of a long LBA (16-byte) block descriptor. */
export const MODE_LONG_BLOCK_DESCRIPTOR_LAYOUT = defineLayout({
  name: 'long LBA mode block descriptor',
  length: 16,
  fields: {
    numberOfBlocks: u64(0, { description: 'number of logical blocks' }),
    densityCode: u8(8, { description: 'density code' }),
    blockLength: u32(12, { description: 'logical block length' }),
  },
});

/** Decoded mode parameter header. */
export interface ModeParameterHeader {
  /** Which header: from MODE SENSE(6) or MODE SENSE(10). */
  readonly format: 6 | 10;
  /** Header length in bytes (4 or 8). */
  readonly headerLength: number;
  /** Mode data length field. */
  readonly modeDataLength: number;
  /** Medium type. */
  readonly mediumType: number;
  /** The device-specific parameter byte. */
  readonly deviceSpecificParameter: number;
  /** Write protected (bit 7 of the device-specific byte, disks). */
  readonly wp: boolean;
  /** DPO and FUA supported (bit 4 of the device-specific byte, disks). */
  readonly dpofua: boolean;
  /** Long LBA block descriptors (header(10) only; false for header(6)). */
  readonly longLba: boolean;
  /** Block descriptor length in bytes. */
  readonly blockDescriptorLength: number;
}

/** One decoded block descriptor. */
export interface ModeBlockDescriptor {
  /** `'short'` (8 bytes) or `'long'` (16 bytes, LONGLBA). */
  readonly format: 'short' | 'long';
  /**
   * Number of logical blocks: for short descriptors the 32-bit field of
   * direct access devices (bytes 0..3); other device types use byte 0 as a
   * density code and bytes 1..3 as the count.
   */
  readonly numberOfBlocks: bigint;
  /** Density code: byte 0 of a short descriptor (general form), byte 8 of a long one. */
  readonly densityCode: number;
  /** Logical block length in bytes. */
  readonly blockLength: number;
}

/**
 * Decodes a mode parameter header: `format` 6 for MODE SENSE(6) data, 10
 * for MODE SENSE(10) data.
 * @throws {@link DecodeError} when the header is not all there.
 */
export function decodeModeParameterHeader(bytes: Uint8Array, format: 6 | 10): ModeParameterHeader {
  checkInput(bytes, format === 6 ? MODE_HEADER_6_LAYOUT.name : MODE_HEADER_10_LAYOUT.name, format === 6 ? 4 : 8);
  const h = format === 6 ? { ...MODE_HEADER_6_LAYOUT.decode(bytes), longLba: false } : MODE_HEADER_10_LAYOUT.decode(bytes);
  return {
    format,
    headerLength: format === 6 ? 4 : 8,
    modeDataLength: h.modeDataLength,
    mediumType: h.mediumType,
    deviceSpecificParameter: h.deviceSpecificParameter,
    wp: (h.deviceSpecificParameter & 0x80) !== 0,
    dpofua: (h.deviceSpecificParameter & 0x10) !== 0,
    longLba: h.longLba,
    blockDescriptorLength: h.blockDescriptorLength,
  };
}

/**
 * Decodes one block descriptor at `offset` (short, 8 bytes, or long, 16).
 * @throws {@link DecodeError} when the descriptor is not all there.
 */
export function decodeModeBlockDescriptor(bytes: Uint8Array, offset: number, long: boolean): ModeBlockDescriptor {
  if (long) {
    const d = MODE_LONG_BLOCK_DESCRIPTOR_LAYOUT.decode(bytes, offset);
    return { format: 'long', numberOfBlocks: d.numberOfBlocks, densityCode: d.densityCode, blockLength: d.blockLength };
  }
  const d = MODE_SHORT_BLOCK_DESCRIPTOR_LAYOUT.decode(bytes, offset);
  return { format: 'short', numberOfBlocks: BigInt(d.sbcNumberOfBlocks), densityCode: bytes[offset]!, blockLength: d.blockLength };
}

