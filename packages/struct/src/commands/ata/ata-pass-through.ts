/** ATA PASS-THROUGH(12), (16) and (32) (SAT-5): send an ATA command through a SCSI/ATA translation layer. */
import { defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag, u16, u32, u48, u8, type FlagField, type UintField } from '../../dsl/fields.js';
import { additionalCdbLength, VARIABLE_LENGTH_SERVICE_ACTION } from '../common.js';
import { ataDataLength, ataDirection } from './ata-protocol.js';

/** The protocol/transfer fields common to every CDB (bytes 1 and 2 of the 12- and 16-byte CDBs, 10 and 11 of the 32-byte one). */
function transferFields(at = 1): {
  multipleCount: UintField;
  protocol: UintField;
  offLine: UintField;
  ckCond: FlagField;
  tType: FlagField;
  tDir: FlagField;
  bytBlok: FlagField;
  tLength: UintField;
} {
  return {
    multipleCount: bits(at, 7, 3, { description: 'MULTIPLE_COUNT: log2 of sectors per DRQ block (READ/WRITE MULTIPLE)' }),
    protocol: bits(at, 4, 4, { default: 3, description: 'PROTOCOL: 3 non-data, 4 PIO in, 5 PIO out, 6 DMA, 12 NCQ, 15 return response (default 3)' }),
    offLine: bits(at + 1, 7, 2, { description: 'OFF_LINE: seconds the ATA status may be invalid (0, 2, 6 or 14)' }),
    ckCond: flag(at + 1, 5, { description: 'CK_COND: always return the ATA registers in sense data' }),
    tType: flag(at + 1, 4, { description: 'T_TYPE: blocks are logical sectors (true) or 512 bytes (false)' }),
    tDir: flag(at + 1, 3, { description: 'T_DIR: data from the device (true) or to it (false)' }),
    bytBlok: flag(at + 1, 2, { description: 'BYT_BLOK: the transfer length counts blocks (true) or bytes (false)' }),
    tLength: bits(at + 1, 1, 2, { description: 'T_LENGTH: 0 no data, 1 length in FEATURES, 2 length in COUNT, 3 in TPSIU' }),
  };
}

/**
 * ATA PASS-THROUGH(12) (0xA1): 28-bit ATA commands. Direction and length
 * follow PROTOCOL, T_DIR, T_LENGTH, BYT_BLOK and T_TYPE.
 */
export const ataPassThrough12 = defineCdb({
  id: 'ataPassThrough12',
  name: 'ATA PASS-THROUGH(12)',
  standard: 'SAT-5',
  description: 'Send a 28-bit ATA command (IDENTIFY DEVICE, SMART, ...) through the SAT layer',
  opcode: 0xa1,
  length: 12,
  direction: ataDirection,
  effect: 'destructive',
  dataLength: (f, context) => ataDataLength(f, context.blockSize),
  fields: {
    ...transferFields(),
    features: u8(3, { description: 'FEATURES (7:0)' }),
    count: u8(4, { description: 'COUNT (7:0): sector count' }),
    lbaLow: u8(5, { description: 'LBA (7:0)' }),
    lbaMid: u8(6, { description: 'LBA (15:8)' }),
    lbaHigh: u8(7, { description: 'LBA (23:16)' }),
    device: u8(8, { description: 'DEVICE register (bit 6: LBA mode; bits 3..0: LBA 27:24)' }),
    command: u8(9, { description: 'COMMAND: the ATA command code (0xEC IDENTIFY DEVICE, 0xB0 SMART, ...)' }),
    control: control(11),
  },
});

/**
 * ATA PASS-THROUGH(16) (0x85): 28- and 48-bit ATA commands. The 16-bit
 * register pairs are written the ATA way: `lbaLow` is LBA (31:24) then
 * LBA (7:0), and so on — {@link splitAtaLba48} computes them from an LBA.
 */
export const ataPassThrough16 = defineCdb({
  id: 'ataPassThrough16',
  name: 'ATA PASS-THROUGH(16)',
  standard: 'SAT-5',
  description: 'Send a 28- or 48-bit ATA command through the SAT layer',
  opcode: 0x85,
  length: 16,
  direction: ataDirection,
  effect: 'destructive',
  dataLength: (f, context) => ataDataLength({ ...f, features: f.extend ? f.features : f.features & 0xff, count: f.extend ? f.count : f.count & 0xff }, context.blockSize),
  fields: {
    ...transferFields(),
    extend: flag(1, 0, { description: 'EXTEND: a 48-bit command (the (15:8) halves are used)' }),
    features: u16(3, { description: 'FEATURES (15:8, 7:0)' }),
    count: u16(5, { description: 'COUNT (15:8, 7:0): sector count' }),
    lbaLow: u16(7, { description: 'LBA (31:24) and LBA (7:0)' }),
    lbaMid: u16(9, { description: 'LBA (39:32) and LBA (15:8)' }),
    lbaHigh: u16(11, { description: 'LBA (47:40) and LBA (23:16)' }),
    device: u8(13, { description: 'DEVICE register (bit 6: LBA mode; 28-bit: bits 3..0 are LBA 27:24)' }),
    command: u8(14, { description: 'COMMAND: the ATA command code (0xEC IDENTIFY DEVICE, 0x25 READ DMA EXT, ...)' }),
    control: control(15),
  },
});

/**
 * ATA PASS-THROUGH(32) (variable-length 0x7F / 0x1FF0): the 48-bit LBA in
 * one field, ICC and AUXILIARY for the newer ATA commands.
 */
export const ataPassThrough32 = defineCdb({
  id: 'ataPassThrough32',
  name: 'ATA PASS-THROUGH(32)',
  standard: 'SAT-5',
  description: 'Send an ATA command with ICC and AUXILIARY (NCQ, zoned ATA commands) through the SAT layer',
  opcode: 0x7f,
  serviceAction: 0x1ff0,
  serviceActionAt: VARIABLE_LENGTH_SERVICE_ACTION,
  length: 32,
  direction: ataDirection,
  effect: 'destructive',
  dataLength: (f, context) => ataDataLength({ ...f, features: f.extend ? f.features : f.features & 0xff, count: f.extend ? f.count : f.count & 0xff }, context.blockSize),
  fields: {
    control: control(1),
    additionalCdbLength: additionalCdbLength(),
    ...transferFields(10),
    extend: flag(10, 0, { description: 'EXTEND: a 48-bit command (the (15:8) halves are used)' }),
    lba: u48(14, { description: 'LBA (47:0)' }),
    features: u16(20, { description: 'FEATURES (15:8, 7:0)' }),
    count: u16(22, { description: 'COUNT (15:8, 7:0): sector count' }),
    device: u8(24, { description: 'DEVICE register (bit 6: LBA mode)' }),
    command: u8(25, { description: 'COMMAND: the ATA command code (0xEC IDENTIFY DEVICE, ...)' }),
    icc: u8(27, { description: 'ICC: isochronous command completion' }),
    auxiliary: u32(28, { description: 'AUXILIARY (31:0)' }),
  },
});

/** The ATA PASS-THROUGH(16) register pairs holding a 48-bit LBA. */
export interface AtaLba48Registers {
  /** LBA (31:24) << 8 | LBA (7:0). */
  readonly lbaLow: number;
  /** LBA (39:32) << 8 | LBA (15:8). */
  readonly lbaMid: number;
  /** LBA (47:40) << 8 | LBA (23:16). */
  readonly lbaHigh: number;
}

/** Splits a 48-bit LBA into ATA PASS-THROUGH(16)'s `lbaLow`, `lbaMid`, `lbaHigh` fields. */
export function splitAtaLba48(lba: number): AtaLba48Registers {
  if (!Number.isInteger(lba) || lba < 0 || lba >= 2 ** 48) throw new RangeError(`splitAtaLba48: LBA must be an integer 0..2^48-1, got ${lba}`);
  const byte = (n: number): number => Math.floor(lba / 2 ** (8 * n)) % 256;
  return {
    lbaLow: (byte(3) << 8) | byte(0),
    lbaMid: (byte(4) << 8) | byte(1),
    lbaHigh: (byte(5) << 8) | byte(2),
  };
}

/** Joins ATA PASS-THROUGH(16)'s register pairs back into a 48-bit LBA. */
export function joinAtaLba48(r: AtaLba48Registers): number {
  const lo24 = ((r.lbaHigh & 0xff) << 16) | ((r.lbaMid & 0xff) << 8) | (r.lbaLow & 0xff);
  const hi24 = ((r.lbaHigh >> 8) << 16) | ((r.lbaMid >> 8) << 8) | (r.lbaLow >> 8);
  return hi24 * 2 ** 24 + lo24;
}
