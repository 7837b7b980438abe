/** SEEK(10) (SBC-2, 0x2B; obsolete in SBC-3 and later): position the heads at an LBA. */
import { defineCdb } from '../../dsl/cdb.js';
import { control, u32 } from '../../dsl/fields.js';

/** SEEK(10). No data; sg_seek sends it by default. */
export const seek10 = defineCdb({
  id: 'seek10',
  name: 'SEEK(10)',
  standard: 'SBC-5',
  description: 'Move the heads to an LBA (obsolete since SBC-3; many disks accept it as a no-op)',
  opcode: 0x2b,
  length: 10,
  direction: 'none',
  effect: 'state',
  fields: {
    lba: u32(2, { description: 'LOGICAL BLOCK ADDRESS: where to seek' }),
    control: control(9),
  },
});
