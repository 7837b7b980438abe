/** LOG SELECT (SPC-6): set or reset log parameters. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag, u16, u8 } from '../../dsl/fields.js';

/**
 * LOG SELECT (0x4C). With `pcr` and a zero `parameterListLength` it resets
 * the log parameters named by PC (and page/subpage); otherwise it sends
 * `parameterListLength` bytes of log pages.
 */
export const logSelect = defineCdb({
  id: 'logSelect',
  name: 'LOG SELECT',
  standard: 'SPC-6',
  description: 'Send log parameters, or reset them with --pcr',
  opcode: 0x4c,
  length: 10,
  direction: (f) => (f.parameterListLength === 0 ? 'none' : 'out'),
  effect: 'state',
  dataLength: allocationLength('parameterListLength'),
  fields: {
    pcr: flag(1, 1, { description: 'PCR: parameter code reset (reset the selected log parameters)' }),
    sp: flag(1, 0, { description: 'SP: save the parameters to non-volatile storage' }),
    pc: bits(2, 7, 2, { default: 1, description: 'PC: page control (0 current threshold, 1 current cumulative, 2 default threshold, 3 default cumulative)' }),
    pageCode: bits(2, 5, 6, { description: 'PAGE CODE: log page affected (0 with a zero list length: all pages)' }),
    subpageCode: u8(3, { description: 'SUBPAGE CODE: log subpage affected' }),
    parameterListLength: u16(7, { description: 'PARAMETER LIST LENGTH: bytes of log pages sent (0: none)' }),
    control: control(9),
  },
});
