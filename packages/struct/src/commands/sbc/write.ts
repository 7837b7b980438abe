/** WRITE(6), WRITE(10), WRITE(12), WRITE(16), WRITE(32) (SBC-5): write logical blocks. */
import { defineCdb, transferBlocks } from '../../dsl/cdb.js';
import { bits, control, flag, u16, u32, u64, u8 } from '../../dsl/fields.js';
import { additionalCdbLength, dpoFlag, fuaFlag, groupNumber, protectField, VARIABLE_LENGTH_SERVICE_ACTION } from '../common.js';
import { protectionTagFields } from './protection-tags.js';

const transferLengthDescription = 'TRANSFER LENGTH: number of logical blocks to write';

/** WRITE(6) (0x0A): 21-bit LBA; a TRANSFER LENGTH of 0 means 256 blocks. */
export const write6 = defineCdb({
  id: 'write6',
  name: 'WRITE(6)',
  standard: 'SBC-5',
  description: 'Write logical blocks (21-bit LBA, up to 256 blocks; obsolete, prefer WRITE(10)/(16))',
  opcode: 0x0a,
  length: 6,
  direction: 'out',
  effect: 'write',
  dataLength: transferBlocks('transferLength', { zeroMeans: 256 }),
  fields: {
    lba: bits(1, 4, 21, { description: 'LOGICAL BLOCK ADDRESS: first block (21 bits)' }),
    transferLength: u8(4, { default: 1, description: 'TRANSFER LENGTH: blocks to write (0 means 256; default 1)' }),
    control: control(5),
  },
});

/** WRITE(10) (0x2A): 32-bit LBA, up to 65535 blocks. */
export const write10 = defineCdb({
  id: 'write10',
  name: 'WRITE(10)',
  standard: 'SBC-5',
  description: 'Write logical blocks (32-bit LBA, up to 65535 blocks)',
  opcode: 0x2a,
  length: 10,
  direction: 'out',
  effect: 'write',
  dataLength: transferBlocks('transferLength'),
  fields: {
    wrprotect: protectField(1, 'WRPROTECT'),
    dpo: dpoFlag(1),
    fua: fuaFlag(1),
    lba: u32(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    groupNumber: groupNumber(6),
    transferLength: u16(7, { default: 1, description: `${transferLengthDescription} (default 1)` }),
    control: control(9),
  },
});

/** WRITE(12) (0xAA): 32-bit LBA, 32-bit transfer length. */
export const write12 = defineCdb({
  id: 'write12',
  name: 'WRITE(12)',
  standard: 'SBC-5',
  description: 'Write logical blocks (32-bit LBA, 32-bit block count)',
  opcode: 0xaa,
  length: 12,
  direction: 'out',
  effect: 'write',
  dataLength: transferBlocks('transferLength'),
  fields: {
    wrprotect: protectField(1, 'WRPROTECT'),
    dpo: dpoFlag(1),
    fua: fuaFlag(1),
    lba: u32(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    transferLength: u32(6, { default: 1, description: `${transferLengthDescription} (default 1)` }),
    groupNumber: groupNumber(10),
    control: control(11),
  },
});

/** WRITE(16) (0x8A): 64-bit LBA, 32-bit transfer length, command duration limit index. */
export const write16 = defineCdb({
  id: 'write16',
  name: 'WRITE(16)',
  standard: 'SBC-5',
  description: 'Write logical blocks (64-bit LBA, 32-bit block count)',
  opcode: 0x8a,
  length: 16,
  direction: 'out',
  effect: 'write',
  dataLength: transferBlocks('transferLength'),
  fields: {
    wrprotect: protectField(1, 'WRPROTECT'),
    dpo: dpoFlag(1),
    fua: fuaFlag(1),
    dld2: flag(1, 0, { description: 'DLD2: command duration limit descriptor index, bit 2' }),
    lba: u64(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    transferLength: u32(10, { default: 1, description: `${transferLengthDescription} (default 1)` }),
    dld1: flag(14, 7, { description: 'DLD1: command duration limit descriptor index, bit 1' }),
    dld0: flag(14, 6, { description: 'DLD0: command duration limit descriptor index, bit 0' }),
    groupNumber: groupNumber(14),
    control: control(15),
  },
});

/** WRITE(32) (variable-length 0x7F / 0x000B): WRITE(16) with the expected protection information tags. */
export const write32 = defineCdb({
  id: 'write32',
  name: 'WRITE(32)',
  standard: 'SBC-5',
  description: 'Write logical blocks (64-bit LBA) with expected protection information tags',
  opcode: 0x7f,
  serviceAction: 0x000b,
  serviceActionAt: VARIABLE_LENGTH_SERVICE_ACTION,
  length: 32,
  direction: 'out',
  effect: 'write',
  dataLength: transferBlocks('transferLength'),
  fields: {
    control: control(1),
    groupNumber: groupNumber(6),
    additionalCdbLength: additionalCdbLength(),
    wrprotect: protectField(10, 'WRPROTECT'),
    dpo: dpoFlag(10),
    fua: fuaFlag(10),
    lba: u64(12, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    ...protectionTagFields(),
    transferLength: u32(28, { default: 1, description: `${transferLengthDescription} (default 1)` }),
  },
});
