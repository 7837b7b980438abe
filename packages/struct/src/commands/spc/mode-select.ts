/** MODE SELECT(6) and MODE SELECT(10) (SPC-6): change mode pages, or revert them to their defaults (RTD). */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, flag, u16, u8 } from '../../dsl/fields.js';

const pf = flag(1, 4, { default: true, description: 'PF: the pages follow the standard page format (default true)' });
const rtd = flag(1, 1, { description: 'RTD: revert every mode page to its default values (no parameter list)' });
const sp = flag(1, 0, { description: 'SP: save the pages to non-volatile storage as well' });

/** MODE SELECT(6) (0x15): sends `parameterListLength` bytes (header, block descriptors, pages). */
export const modeSelect6 = defineCdb({
  id: 'modeSelect6',
  name: 'MODE SELECT(6)',
  standard: 'SPC-6',
  description: 'Send mode parameters (4-byte header, block descriptors, mode pages) to the device',
  opcode: 0x15,
  length: 6,
  direction: 'out',
  effect: 'state',
  dataLength: allocationLength('parameterListLength'),
  fields: {
    pf,
    rtd,
    sp,
    parameterListLength: u8(4, { description: 'PARAMETER LIST LENGTH: bytes of mode parameters sent' }),
    control: control(5),
  },
});

/** MODE SELECT(10) (0x55): sends `parameterListLength` bytes (8-byte header, descriptors, pages). */
export const modeSelect10 = defineCdb({
  id: 'modeSelect10',
  name: 'MODE SELECT(10)',
  standard: 'SPC-6',
  description: 'Send mode parameters with an 8-byte header to the device',
  opcode: 0x55,
  length: 10,
  direction: 'out',
  effect: 'state',
  dataLength: allocationLength('parameterListLength'),
  fields: {
    pf,
    rtd,
    sp,
    parameterListLength: u16(7, { description: 'PARAMETER LIST LENGTH: bytes of mode parameters sent' }),
    control: control(9),
  },
});
