/** UNMAP (SBC-5): deallocate ranges of logical blocks (TRIM). */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, flag, u16 } from '../../dsl/fields.js';
import { groupNumber } from '../common.js';

/**
 * UNMAP (0x42): sends an 8-byte header and 16-byte block descriptors;
 * `parameterListLength` defaults to 24 (one descriptor).
 */
export const unmap = defineCdb({
  id: 'unmap',
  name: 'UNMAP',
  standard: 'SBC-5',
  description: 'Unmap (deallocate) the block ranges listed in the parameter data',
  opcode: 0x42,
  length: 10,
  direction: 'out',
  effect: 'write',
  dataLength: allocationLength('parameterListLength'),
  fields: {
    anchor: flag(1, 0, { description: 'ANCHOR: anchor the blocks instead of deallocating them' }),
    groupNumber: groupNumber(6),
    parameterListLength: u16(7, { default: 24, description: 'PARAMETER LIST LENGTH: bytes sent (8 + 16 per descriptor; default 24)' }),
    control: control(9),
  },
});
