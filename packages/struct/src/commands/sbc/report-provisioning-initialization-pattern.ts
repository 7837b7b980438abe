/**
 * REPORT PROVISIONING INITIALIZATION PATTERN (SBC-5, MAINTENANCE IN 0xA3 /
 * 0x1D): the pattern a thin-provisioned device returns for blocks never written.
 */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, u32 } from '../../dsl/fields.js';

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
    allocationLength: u32(6, { default: 4096, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 4096)' }),
    control: control(11),
  },
});
