/** REPORT LUNS (SPC-6): list the logical units of the target. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, u32, u8 } from '../../dsl/fields.js';

/** REPORT LUNS (0xA0). `allocationLength` defaults to 8192 (1023 LUNs); SPC requires at least 16. */
export const reportLuns = defineCdb({
  id: 'reportLuns',
  name: 'REPORT LUNS',
  standard: 'SPC-6',
  description: 'Return the list of logical unit numbers of the target',
  opcode: 0xa0,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    selectReport: u8(2, { description: 'SELECT REPORT: 0 addressable LUNs, 1 well-known LUNs, 2 all, 0x10-0x12 administrative/subsidiary' }),
    allocationLength: u32(6, { default: 8192, description: 'ALLOCATION LENGTH: bytes the initiator can receive (at least 16; default 8192)' }),
    control: control(11),
  },
});
