/** RECEIVE COPY OPERATING PARAMETERS (SPC-4, THIRD-PARTY COPY IN 0x84 / 0x03): the copy manager's EXTENDED COPY (LID1) limits. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control } from '../../dsl/fields.js';
import { allocationLength32 } from '../common.js';

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
    allocationLength: allocationLength32(10),
    control: control(15),
  },
});
