/** TEST UNIT READY (SPC-6): is the logical unit ready for medium access? */
import { defineCdb } from '../../dsl/cdb.js';
import { control } from '../../dsl/fields.js';

/** TEST UNIT READY (0x00): no data; GOOD status when the unit is ready. */
export const testUnitReady = defineCdb({
  id: 'testUnitReady',
  name: 'TEST UNIT READY',
  standard: 'SPC-6',
  description: 'Check whether the logical unit is ready (no data transferred)',
  opcode: 0x00,
  length: 6,
  direction: 'none',
  effect: 'read',
  fields: { control: control(5) },
});
