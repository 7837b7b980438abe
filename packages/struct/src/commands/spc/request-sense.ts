/** REQUEST SENSE (SPC-6): fetch the sense data of the logical unit. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, flag, u8 } from '../../dsl/fields.js';

/** REQUEST SENSE (0x03). `allocationLength` defaults to 252, the largest sense data SPC allows. */
export const requestSense = defineCdb({
  id: 'requestSense',
  name: 'REQUEST SENSE',
  standard: 'SPC-6',
  description: 'Return the current sense data (pending errors, progress of format/sanitize, power state)',
  opcode: 0x03,
  length: 6,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    desc: flag(1, 0, { description: 'DESC: return descriptor format sense data instead of fixed format' }),
    allocationLength: u8(4, { default: 252, description: 'ALLOCATION LENGTH: bytes of sense data to return (default 252)' }),
    control: control(5),
  },
});
