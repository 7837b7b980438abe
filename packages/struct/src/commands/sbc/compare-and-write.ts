/** COMPARE AND WRITE (SBC-5): atomic compare-and-swap of logical blocks. */
import { defineCdb } from '../../dsl/cdb.js';
import { control, u64, u8 } from '../../dsl/fields.js';
import { blockSizeOf, dpoFlag, fuaFlag, groupNumber, protectField } from '../common.js';

/**
 * COMPARE AND WRITE (0x89): sends 2 × NUMBER OF LOGICAL BLOCKS blocks (the
 * verify data, then the write data).
 */
export const compareAndWrite = defineCdb({
  id: 'compareAndWrite',
  name: 'COMPARE AND WRITE',
  standard: 'SBC-5',
  description: 'Compare blocks with the first half of the data sent and, if equal, write the second half',
  opcode: 0x89,
  length: 16,
  direction: 'out',
  effect: 'write',
  dataLength: (f, context) => 2 * f.numberOfBlocks * blockSizeOf(context),
  fields: {
    wrprotect: protectField(1, 'WRPROTECT'),
    dpo: dpoFlag(1),
    fua: fuaFlag(1),
    lba: u64(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    numberOfBlocks: u8(13, { default: 1, description: 'NUMBER OF LOGICAL BLOCKS: blocks compared and written (default 1)' }),
    groupNumber: groupNumber(14),
    control: control(15),
  },
});
