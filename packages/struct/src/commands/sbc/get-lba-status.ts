/** GET LBA STATUS (SBC-5, SERVICE ACTION IN(16) 0x9E / 0x12): provisioning status of LBAs. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, u32, u64 } from '../../dsl/fields.js';

/** GET LBA STATUS. Allocation length defaults to 4096 (255 descriptors). */
export const getLbaStatus = defineCdb({
  id: 'getLbaStatus',
  name: 'GET LBA STATUS',
  standard: 'SBC-5',
  description: 'Return the provisioning status (mapped, deallocated, anchored) of blocks from an LBA on',
  opcode: 0x9e,
  serviceAction: 0x12,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    lba: u64(2, { description: 'STARTING LOGICAL BLOCK ADDRESS' }),
    allocationLength: u32(10, { default: 4096, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 4096)' }),
    reportType: bits(14, 1, 2, { description: 'REPORT TYPE: 0 all, 1 non-zero (mapped or anchored), 2 mapped, 3 deallocated/anchored' }),
    control: control(15),
  },
});
