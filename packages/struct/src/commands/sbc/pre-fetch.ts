/** PRE-FETCH(10) and PRE-FETCH(16) (SBC-5): load blocks into the cache, transfer nothing. */
import { defineCdb } from '../../dsl/cdb.js';
import { control, u16, u32, u64 } from '../../dsl/fields.js';
import { groupNumber, immedFlag } from '../common.js';

const lba = 'LOGICAL BLOCK ADDRESS: first block to load into the cache';
const length = 'PREFETCH LENGTH: blocks to load (0: to the end of the medium)';

/** PRE-FETCH(10) (0x34). On tapes 0x34 is READ POSITION: look it up with the device type. */
export const preFetch10 = defineCdb({
  id: 'preFetch10',
  name: 'PRE-FETCH(10)',
  standard: 'SBC-5',
  description: 'Load blocks into the cache (32-bit LBA); CONDITION MET status when they all fit',
  opcode: 0x34,
  length: 10,
  direction: 'none',
  effect: 'state',
  fields: {
    immed: immedFlag(1, 1),
    lba: u32(2, { description: lba }),
    groupNumber: groupNumber(6),
    prefetchLength: u16(7, { description: length }),
    control: control(9),
  },
});

/** PRE-FETCH(16) (0x90). */
export const preFetch16 = defineCdb({
  id: 'preFetch16',
  name: 'PRE-FETCH(16)',
  standard: 'SBC-5',
  description: 'Load blocks into the cache (64-bit LBA); CONDITION MET status when they all fit',
  opcode: 0x90,
  length: 16,
  direction: 'none',
  effect: 'state',
  fields: {
    immed: immedFlag(1, 1),
    lba: u64(2, { description: lba }),
    prefetchLength: u32(10, { description: length }),
    groupNumber: groupNumber(14),
    control: control(15),
  },
});
