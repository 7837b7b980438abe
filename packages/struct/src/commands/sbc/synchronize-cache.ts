/** SYNCHRONIZE CACHE(10) and (16) (SBC-5): flush the volatile write cache. */
import { defineCdb } from '../../dsl/cdb.js';
import { control, u16, u32, u64 } from '../../dsl/fields.js';
import { groupNumber, immedFlag } from '../common.js';

const lba = 'LOGICAL BLOCK ADDRESS: first block to flush (0 with 0 blocks: everything)';
const blocks = 'NUMBER OF LOGICAL BLOCKS: blocks to flush (0: through the last block)';

/** SYNCHRONIZE CACHE(10) (0x35). All zero: flush the whole cache. */
export const synchronizeCache10 = defineCdb({
  id: 'synchronizeCache10',
  name: 'SYNCHRONIZE CACHE(10)',
  standard: 'SBC-5',
  description: 'Write cached data to the medium (the whole cache by default)',
  opcode: 0x35,
  length: 10,
  direction: 'none',
  effect: 'state',
  fields: {
    immed: immedFlag(1, 1),
    lba: u32(2, { description: lba }),
    groupNumber: groupNumber(6),
    numberOfBlocks: u16(7, { description: blocks }),
    control: control(9),
  },
});

/** SYNCHRONIZE CACHE(16) (0x91). All zero: flush the whole cache. */
export const synchronizeCache16 = defineCdb({
  id: 'synchronizeCache16',
  name: 'SYNCHRONIZE CACHE(16)',
  standard: 'SBC-5',
  description: 'Write cached data to the medium, 64-bit LBA (the whole cache by default)',
  opcode: 0x91,
  length: 16,
  direction: 'none',
  effect: 'state',
  fields: {
    immed: immedFlag(1, 1),
    lba: u64(2, { description: lba }),
    numberOfBlocks: u32(10, { description: blocks }),
    groupNumber: groupNumber(14),
    control: control(15),
  },
});
