/** REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS (SPC-6, MAINTENANCE IN 0xA3 / 0x0D). */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, flag, u32 } from '../../dsl/fields.js';

/** REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS. Allocation length defaults to 16 (the extended format). */
export const reportSupportedTmf = defineCdb({
  id: 'reportSupportedTmf',
  name: 'REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS',
  standard: 'SPC-6',
  description: 'List the task management functions (ABORT TASK, LOGICAL UNIT RESET, ...) supported',
  opcode: 0xa3,
  serviceAction: 0x0d,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    repd: flag(2, 7, { description: 'REPD: return the extended (16-byte) parameter data' }),
    allocationLength: u32(6, { default: 16, description: 'ALLOCATION LENGTH: bytes the initiator can receive (at least 4; default 16)' }),
    control: control(11),
  },
});
