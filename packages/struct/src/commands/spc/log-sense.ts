/** LOG SENSE (SPC-6): read a log page. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag, u16, u8 } from '../../dsl/fields.js';

/** LOG SENSE (0x4D). Defaults: page 0 (supported pages), cumulative values, allocation length 4096. */
export const logSense = defineCdb({
  id: 'logSense',
  name: 'LOG SENSE',
  standard: 'SPC-6',
  description: 'Return a log page (statistics, error counters, temperature, self-test results, ...)',
  opcode: 0x4d,
  length: 10,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    ppc: flag(1, 1, { description: 'PPC: parameter pointer control (obsolete since SPC-5; keep false)' }),
    sp: flag(1, 0, { description: 'SP: save parameters (obsolete in recent standards; keep false)' }),
    pc: bits(2, 7, 2, { default: 1, description: 'PC: page control (0 current threshold, 1 current cumulative, 2 default threshold, 3 default cumulative)' }),
    pageCode: bits(2, 5, 6, { description: 'PAGE CODE: log page to return (0 = supported pages)' }),
    subpageCode: u8(3, { description: 'SUBPAGE CODE: log subpage (0xFF with page 0: supported pages and subpages)' }),
    parameterPointer: u16(5, { description: 'PARAMETER POINTER: first parameter code to return' }),
    allocationLength: u16(7, { default: 4096, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 4096)' }),
    control: control(9),
  },
});
