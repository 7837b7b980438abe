/**
 * REPORT PROVISIONING INITIALIZATION PATTERN (SBC-5, MAINTENANCE IN 0xA3 /
 * 0x1D): the pattern a thin-provisioned device returns for blocks never written.
 */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control } from '../../dsl/fields.js';
import { allocationLength32 } from '../common.js';

/** REPORT PROVISIONING INITIALIZATION PATTERN. Allocation length defaults to 4096. */
export const reportProvisioningInitializationPattern = defineCdb({
  id: 'reportProvisioningInitializationPattern',
  name: 'REPORT PROVISIONING INITIALIZATION PATTERN',
  standard: 'SBC-5',
  description: 'Return the data pattern read from deallocated or anchored blocks (with its protection information rules)',
  opcode: 0xa3,
  serviceAction: 0x1d,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    allocationLength: allocationLength32(6),
    control: control(11),
  },
});
