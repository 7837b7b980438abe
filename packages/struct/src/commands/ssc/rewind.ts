/** REWIND (SSC-5): position a tape at the beginning of the partition. */
import { defineCdb } from '../../dsl/cdb.js';
import { control } from '../../dsl/fields.js';
import { immedFlag } from '../common.js';
import { SEQUENTIAL_ACCESS_DEVICE } from './device-type.js';

/** REWIND (0x01 on tapes; REZERO UNIT elsewhere). */
export const rewind = defineCdb({
  id: 'rewind',
  name: 'REWIND',
  standard: 'SSC-5',
  description: 'Rewind the tape to the beginning of the current partition',
  opcode: 0x01,
  length: 6,
  direction: 'none',
  effect: 'state',
  deviceTypes: [SEQUENTIAL_ACCESS_DEVICE],
  fields: { immed: immedFlag(1, 0), control: control(5) },
});
