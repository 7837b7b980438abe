/** PERSISTENT RESERVE IN (SPC-6): read registrations and reservations. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, u16 } from '../../dsl/fields.js';

/**
 * PERSISTENT RESERVE IN (0x5E). The service action (READ KEYS,
 * READ RESERVATION, ...; see `PR_IN_SERVICE_ACTION`) is a field here.
 * Allocation length defaults to 8192.
 */
export const persistentReserveIn = defineCdb({
  id: 'persistentReserveIn',
  name: 'PERSISTENT RESERVE IN',
  standard: 'SPC-6',
  description: 'Read persistent reservation keys, the reservation, capabilities or full status',
  opcode: 0x5e,
  length: 10,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    serviceAction: bits(1, 4, 5, { description: 'SERVICE ACTION: 0 read keys, 1 read reservation, 2 report capabilities, 3 read full status' }),
    allocationLength: u16(7, { default: 8192, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 8192)' }),
    control: control(9),
  },
});
