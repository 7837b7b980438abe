/** READ BLOCK LIMITS (SSC-5, 0x05): the block sizes a tape drive accepts. */
import { defineCdb } from '../../dsl/cdb.js';
import { control, flag } from '../../dsl/fields.js';
import { SEQUENTIAL_ACCESS_DEVICE } from './device-type.js';

/** READ BLOCK LIMITS: 6 bytes back, or 20 with MLOC (the maximum logical object identifier). */
export const readBlockLimits = defineCdb({
  id: 'readBlockLimits',
  name: 'READ BLOCK LIMITS',
  standard: 'SSC-5',
  description: 'Return the minimum and maximum block length (and granularity) of a tape drive',
  opcode: 0x05,
  length: 6,
  direction: 'in',
  effect: 'read',
  deviceTypes: [SEQUENTIAL_ACCESS_DEVICE],
  dataLength: (f) => (f.mloc ? 20 : 6),
  fields: {
    mloc: flag(1, 0, { description: 'MLOC: return the maximum logical object identifier (20 bytes instead of 6)' }),
    control: control(5),
  },
});
