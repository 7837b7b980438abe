/** RECEIVE DIAGNOSTIC RESULTS (SPC-6): read a diagnostic page. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, flag, u16, u8 } from '../../dsl/fields.js';

/** RECEIVE DIAGNOSTIC RESULTS (0x1C). Allocation length defaults to 4096. */
export const receiveDiagnosticResults = defineCdb({
  id: 'receiveDiagnosticResults',
  name: 'RECEIVE DIAGNOSTIC RESULTS',
  standard: 'SPC-6',
  description: 'Return a diagnostic page (with --pcv) or the results of the last SEND DIAGNOSTIC',
  opcode: 0x1c,
  length: 6,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    pcv: flag(1, 0, { description: 'PCV: PAGE CODE is valid (return that page)' }),
    pageCode: u8(2, { description: 'PAGE CODE: diagnostic page to return (with PCV; 0 = supported pages)' }),
    allocationLength: u16(3, { default: 4096, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 4096)' }),
    control: control(5),
  },
});
