/** REPORT TIMESTAMP and SET TIMESTAMP (SPC-6, MAINTENANCE IN/OUT 0xA3/0xA4, service action 0x0F): the device clock. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, u32 } from '../../dsl/fields.js';

/** REPORT TIMESTAMP: 12 bytes back (4-byte header, 6-byte timestamp in milliseconds). */
export const reportTimestamp = defineCdb({
  id: 'reportTimestamp',
  name: 'REPORT TIMESTAMP',
  standard: 'SPC-6',
  description: "Read the device clock: milliseconds since the epoch or since power on, and the timestamp's origin",
  opcode: 0xa3,
  serviceAction: 0x0f,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    allocationLength: u32(6, { default: 12, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 12, the whole parameter data)' }),
    control: control(11),
  },
});

/** SET TIMESTAMP: sends the 12-byte timestamp parameter list (the new clock in milliseconds in bytes 4..9). */
export const setTimestamp = defineCdb({
  id: 'setTimestamp',
  name: 'SET TIMESTAMP',
  standard: 'SPC-6',
  description: 'Set the device clock (milliseconds since 1970-01-01 UTC) from a 12-byte parameter list',
  opcode: 0xa4,
  serviceAction: 0x0f,
  length: 12,
  direction: (f) => (f.parameterListLength === 0 ? 'none' : 'out'),
  effect: 'state',
  dataLength: allocationLength('parameterListLength'),
  fields: {
    parameterListLength: u32(6, { default: 12, description: 'PARAMETER LIST LENGTH: bytes sent (default 12)' }),
    control: control(11),
  },
});
