/** READ(6), READ(10), READ(12), READ(16) (SBC-5): read logical blocks. */
import { defineCdb, transferBlocks } from '../../dsl/cdb.js';
import { bits, control, flag, u16, u32, u64, u8 } from '../../dsl/fields.js';
import { dpoFlag, fuaFlag, groupNumber, protectField } from '../common.js';

const rarc = flag(1, 2, { description: 'RARC: rebuild assist recovery control (read without recovery)' });
const transferLengthDescription = 'TRANSFER LENGTH: number of logical blocks to read';

/** READ(6) (0x08): 21-bit LBA; a TRANSFER LENGTH of 0 means 256 blocks. */
export const read6 = defineCdb({
  id: 'read6',
  name: 'READ(6)',
  standard: 'SBC-5',
  description: 'Read logical blocks (21-bit LBA, up to 256 blocks; obsolete, prefer READ(10)/(16))',
  opcode: 0x08,
  length: 6,
  direction: 'in',
  effect: 'read',
  dataLength: transferBlocks('transferLength', { zeroMeans: 256 }),
  fields: {
    lba: bits(1, 4, 21, { description: 'LOGICAL BLOCK ADDRESS: first block (21 bits)' }),
    transferLength: u8(4, { default: 1, description: 'TRANSFER LENGTH: blocks to read (0 means 256; default 1)' }),
    control: control(5),
  },
});

/** READ(10) (0x28): 32-bit LBA, up to 65535 blocks. */
export const read10 = defineCdb({
  id: 'read10',
  name: 'READ(10)',
  standard: 'SBC-5',
  description: 'Read logical blocks (32-bit LBA, up to 65535 blocks)',
  opcode: 0x28,
  length: 10,
  direction: 'in',
  effect: 'read',
  dataLength: transferBlocks('transferLength'),
  fields: {
    rdprotect: protectField(1, 'RDPROTECT'),
    dpo: dpoFlag(1),
    fua: fuaFlag(1),
    rarc,
    lba: u32(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    groupNumber: groupNumber(6),
    transferLength: u16(7, { default: 1, description: `${transferLengthDescription} (default 1)` }),
    control: control(9),
  },
});

/** READ(12) (0xA8): 32-bit LBA, 32-bit transfer length. */
export const read12 = defineCdb({
  id: 'read12',
  name: 'READ(12)',
  standard: 'SBC-5',
  description: 'Read logical blocks (32-bit LBA, 32-bit block count)',
  opcode: 0xa8,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: transferBlocks('transferLength'),
  fields: {
    rdprotect: protectField(1, 'RDPROTECT'),
    dpo: dpoFlag(1),
    fua: fuaFlag(1),
    rarc,
    lba: u32(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    transferLength: u32(6, { default: 1, description: `${transferLengthDescription} (default 1)` }),
    groupNumber: groupNumber(10),
    control: control(11),
  },
});

/** READ(16) (0x88): 64-bit LBA, 32-bit transfer length, command duration limit index. */
export const read16 = defineCdb({
  id: 'read16',
  name: 'READ(16)',
  standard: 'SBC-5',
  description: 'Read logical blocks (64-bit LBA, 32-bit block count)',
  opcode: 0x88,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: transferBlocks('transferLength'),
  fields: {
    rdprotect: protectField(1, 'RDPROTECT'),
    dpo: dpoFlag(1),
    fua: fuaFlag(1),
    rarc,
    dld2: flag(1, 0, { description: 'DLD2: command duration limit descriptor index, bit 2' }),
    lba: u64(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    transferLength: u32(10, { default: 1, description: `${transferLengthDescription} (default 1)` }),
    dld1: flag(14, 7, { description: 'DLD1: command duration limit descriptor index, bit 1' }),
    dld0: flag(14, 6, { description: 'DLD0: command duration limit descriptor index, bit 0' }),
    groupNumber: groupNumber(14),
    control: control(15),
  },
});
