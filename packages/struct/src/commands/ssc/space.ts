/** SPACE(6) (SSC-5): move a tape over blocks, filemarks, or to end of data. */
import { defineCdb } from '../../dsl/cdb.js';
import { bits, control, sbits } from '../../dsl/fields.js';
import { SEQUENTIAL_ACCESS_DEVICE } from './device-type.js';

/** Values of SPACE's CODE field. */
export const SPACE_CODE = {
  /** Logical blocks. */
  logicalBlocks: 0,
  /** Filemarks. */
  filemarks: 1,
  /** Sequential filemarks. */
  sequentialFilemarks: 2,
  /** End of data (COUNT ignored). */
  endOfData: 3,
} as const;

/** SPACE(6) (0x11). A negative `count` moves backwards (24-bit two's complement). */
export const space6 = defineCdb({
  id: 'space6',
  name: 'SPACE(6)',
  standard: 'SSC-5',
  description: 'Move the tape forwards or backwards over blocks or filemarks, or to end of data',
  opcode: 0x11,
  length: 6,
  direction: 'none',
  effect: 'state',
  deviceTypes: [SEQUENTIAL_ACCESS_DEVICE],
  fields: {
    code: bits(1, 3, 4, { description: 'CODE: 0 logical blocks, 1 filemarks, 2 sequential filemarks, 3 end of data' }),
    count: sbits(2, 7, 24, { default: 1, description: 'COUNT: how many to space over; negative moves backwards (default 1)' }),
    control: control(5),
  },
});
