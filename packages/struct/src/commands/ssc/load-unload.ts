/** LOAD UNLOAD (SSC-5): load or unload a tape. */
import { defineCdb } from '../../dsl/cdb.js';
import { control, flag } from '../../dsl/fields.js';
import { immedFlag } from '../common.js';
import { SEQUENTIAL_ACCESS_DEVICE } from './device-type.js';

/** LOAD UNLOAD (0x1B on tapes; START STOP UNIT elsewhere). `load` defaults to true. */
export const loadUnload = defineCdb({
  id: 'loadUnload',
  name: 'LOAD UNLOAD',
  standard: 'SSC-5',
  description: 'Load the tape (ready it at the beginning) or unload it (rewind and eject)',
  opcode: 0x1b,
  length: 6,
  direction: 'none',
  effect: 'state',
  deviceTypes: [SEQUENTIAL_ACCESS_DEVICE],
  fields: {
    immed: immedFlag(1, 0),
    hold: flag(4, 3, { description: 'HOLD: keep the medium in the drive (no thread/unthread)' }),
    eot: flag(4, 2, { description: 'EOT: unload at end of tape (with LOAD false)' }),
    reten: flag(4, 1, { description: 'RETEN: retension the tape' }),
    load: flag(4, 0, { default: true, description: 'LOAD: true load, false unload (default true)' }),
    control: control(5),
  },
});
