/** REPORT SUPPORTED OPERATION CODES (SPC-6, MAINTENANCE IN 0xA3 / 0x0C). */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag, u16, u32, u8 } from '../../dsl/fields.js';

/**
 * REPORT SUPPORTED OPERATION CODES. `reportingOptions` 0 lists every
 * command; 1..3 ask about one opcode (and service action). Allocation
 * length defaults to 8192.
 */
export const reportSupportedOpcodes = defineCdb({
  id: 'reportSupportedOpcodes',
  name: 'REPORT SUPPORTED OPERATION CODES',
  standard: 'SPC-6',
  description: 'List the commands the logical unit supports, or describe one of them',
  opcode: 0xa3,
  serviceAction: 0x0c,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    rctd: flag(2, 7, { description: 'RCTD: return command timeouts descriptors' }),
    reportingOptions: bits(2, 2, 3, {
      description: 'REPORTING OPTIONS: 0 all commands, 1 one opcode, 2 one opcode + service action, 3 either form',
    }),
    requestedOpcode: u8(3, { description: 'REQUESTED OPERATION CODE (reporting options 1..3)' }),
    requestedServiceAction: u16(4, { description: 'REQUESTED SERVICE ACTION (reporting options 2, 3)' }),
    allocationLength: u32(6, { default: 8192, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 8192)' }),
    control: control(11),
  },
});
