/** WRITE FILEMARKS(6) (SSC-5): write filemarks or setmarks. */
import { defineCdb } from '../../dsl/cdb.js';
import { control, flag, u24 } from '../../dsl/fields.js';
import { immedFlag } from '../common.js';
import { SEQUENTIAL_ACCESS_DEVICE } from './device-type.js';

/** WRITE FILEMARKS(6) (0x10). `count` defaults to 1; 0 just flushes the buffer to tape. */
export const writeFilemarks6 = defineCdb({
  id: 'writeFilemarks6',
  name: 'WRITE FILEMARKS(6)',
  standard: 'SSC-5',
  description: 'Write filemarks at the current position (0 filemarks: flush buffered data)',
  opcode: 0x10,
  length: 6,
  direction: 'none',
  effect: 'write',
  deviceTypes: [SEQUENTIAL_ACCESS_DEVICE],
  fields: {
    wsmk: flag(1, 1, { description: 'WSMK: write setmarks instead of filemarks (obsolete)' }),
    immed: immedFlag(1, 0),
    count: u24(2, { default: 1, description: 'FILEMARK COUNT: number of filemarks (default 1)' }),
    control: control(5),
  },
});
