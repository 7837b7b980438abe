/** START STOP UNIT (SBC-5): spin up, spin down, eject, power conditions. */
import { defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag } from '../../dsl/fields.js';
import { immedFlag } from '../common.js';

/** START STOP UNIT (0x1B). `start` defaults to true, so the bare command spins the unit up. */
export const startStopUnit = defineCdb({
  id: 'startStopUnit',
  name: 'START STOP UNIT',
  standard: 'SBC-5',
  description: 'Start or stop the unit, load or eject the medium, or change its power condition',
  opcode: 0x1b,
  length: 6,
  direction: 'none',
  effect: 'state',
  fields: {
    immed: immedFlag(1, 0),
    powerConditionModifier: bits(3, 3, 4, { description: 'POWER CONDITION MODIFIER: sub-state of the power condition' }),
    powerCondition: bits(4, 7, 4, { description: 'POWER CONDITION: 0 START/LOEJ apply, 1 active, 2 idle, 3 standby, 7 LU control, 0xA/0xB force idle/standby' }),
    noFlush: flag(4, 2, { description: 'NO_FLUSH: do not flush the cache before stopping' }),
    loej: flag(4, 1, { description: 'LOEJ: load (with START) or eject (without) the medium' }),
    start: flag(4, 0, { default: true, description: 'START: true start (spin up), false stop (default true)' }),
    control: control(5),
  },
});
