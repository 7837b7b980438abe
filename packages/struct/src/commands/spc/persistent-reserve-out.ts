/** PERSISTENT RESERVE OUT (SPC-6): register, reserve, release, preempt, ... */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, u32 } from '../../dsl/fields.js';

/**
 * PERSISTENT RESERVE OUT (0x5F). The service action (see
 * `PR_OUT_SERVICE_ACTION`) is a field. `parameterListLength` defaults to 24,
 * the basic parameter list (keys, scope address, flags).
 */
export const persistentReserveOut = defineCdb({
  id: 'persistentReserveOut',
  name: 'PERSISTENT RESERVE OUT',
  standard: 'SPC-6',
  description: 'Register a key, reserve, release, clear or preempt a persistent reservation',
  opcode: 0x5f,
  length: 10,
  direction: 'out',
  effect: 'destructive',
  dataLength: allocationLength('parameterListLength'),
  fields: {
    serviceAction: bits(1, 4, 5, { description: 'SERVICE ACTION: 0 register, 1 reserve, 2 release, 3 clear, 4 preempt, 5 preempt and abort, 6 register and ignore, 7 register and move' }),
    scope: bits(2, 7, 4, { description: 'SCOPE: 0 = logical unit' }),
    type: bits(2, 3, 4, { description: 'TYPE: 1 write exclusive, 3 exclusive access, 5/6 registrants only, 7/8 all registrants' }),
    parameterListLength: u32(5, { default: 24, description: 'PARAMETER LIST LENGTH: bytes of parameter list sent (default 24, the basic list)' }),
    control: control(9),
  },
});
