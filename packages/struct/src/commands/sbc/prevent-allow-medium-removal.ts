/** PREVENT ALLOW MEDIUM REMOVAL (SBC-5): lock or unlock the medium. */
import { defineCdb } from '../../dsl/cdb.js';
import { bits, control } from '../../dsl/fields.js';

/** PREVENT ALLOW MEDIUM REMOVAL (0x1E). `prevent` 1 locks the medium in, 0 allows removal. */
export const preventAllowMediumRemoval = defineCdb({
  id: 'preventAllowMediumRemoval',
  name: 'PREVENT ALLOW MEDIUM REMOVAL',
  standard: 'SBC-5',
  description: 'Prevent or allow the removal of the medium',
  opcode: 0x1e,
  length: 6,
  direction: 'none',
  effect: 'state',
  fields: {
    prevent: bits(4, 1, 2, { description: 'PREVENT: 0 allow removal, 1 prevent removal' }),
    control: control(5),
  },
});
