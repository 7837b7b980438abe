/** WRITE AND VERIFY(10) and (16) (SBC-5): write, then verify on the medium. */
import { defineCdb, transferBlocks } from '../../dsl/cdb.js';
import { bits, control, u16, u32, u64 } from '../../dsl/fields.js';
import { dpoFlag, groupNumber, protectField } from '../common.js';

const bytchk = bits(1, 2, 2, { description: 'BYTCHK: 0 verify the medium only, 1 also compare with the data sent' });
const transferLengthMeta = { default: 1, description: 'TRANSFER LENGTH: number of logical blocks to write (default 1)' };

/** WRITE AND VERIFY(10) (0x2E). */
export const writeAndVerify10 = defineCdb({
  id: 'writeAndVerify10',
  name: 'WRITE AND VERIFY(10)',
  standard: 'SBC-5',
  description: 'Write logical blocks and verify them on the medium (32-bit LBA)',
  opcode: 0x2e,
  length: 10,
  direction: 'out',
  effect: 'write',
  dataLength: transferBlocks('transferLength'),
  fields: {
    wrprotect: protectField(1, 'WRPROTECT'),
    dpo: dpoFlag(1),
    bytchk,
    lba: u32(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    groupNumber: groupNumber(6),
    transferLength: u16(7, transferLengthMeta),
    control: control(9),
  },
});

/** WRITE AND VERIFY(16) (0x8E). */
export const writeAndVerify16 = defineCdb({
  id: 'writeAndVerify16',
  name: 'WRITE AND VERIFY(16)',
  standard: 'SBC-5',
  description: 'Write logical blocks and verify them on the medium (64-bit LBA)',
  opcode: 0x8e,
  length: 16,
  direction: 'out',
  effect: 'write',
  dataLength: transferBlocks('transferLength'),
  fields: {
    wrprotect: protectField(1, 'WRPROTECT'),
    dpo: dpoFlag(1),
    bytchk,
    lba: u64(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    transferLength: u32(10, transferLengthMeta),
    groupNumber: groupNumber(14),
    control: control(15),
  },
});
