/** RECEIVE COPY OPERATING PARAMETERS (SPC-4, THIRD-PARTY COPY IN 0x84 / 0x03): the copy manager's EXTENDED COPY (LID1) limits. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, u32 } from '../../dsl/fields.js';

/** RECEIVE COPY OPERATING PARAMETERS. Allocation length defaults to 4096. */
export const receiveCopyOperatingParameters = defineCdb({
  id: 'receiveCopyOperatingParameters',
  name: 'RECEIVE COPY OPERATING PARAMETERS',
  standard: 'SPC-6',
  description: 'Return the copy manager limits for EXTENDED COPY (LID1): descriptors, segment length, supported descriptor types',
  opcode: 0x84,
  serviceAction: 0x03,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    allocationLength: u32(10, { default: 4096, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 4096)' }),
    control: control(15),
  },
});
