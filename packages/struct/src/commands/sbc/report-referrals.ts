/** REPORT REFERRALS (SBC-5, SERVICE ACTION IN(16) 0x9E / 0x13): which target port groups serve which LBA ranges. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, flag, u64 } from '../../dsl/fields.js';
import { allocationLength32 } from '../common.js';

/** REPORT REFERRALS. Allocation length defaults to 4096. */
export const reportReferrals = defineCdb({
  id: 'reportReferrals',
  name: 'REPORT REFERRALS',
  standard: 'SBC-5',
  description: 'Return the user data segments and the target port groups to send their commands to (referrals)',
  opcode: 0x9e,
  serviceAction: 0x13,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    lba: u64(2, { description: 'LOGICAL BLOCK ADDRESS: first LBA of interest' }),
    allocationLength: allocationLength32(10),
    oneSegment: flag(14, 0, { description: 'ONE_SEG: report only the segment holding the LBA' }),
    control: control(15),
  },
});
