/** READ CAPACITY(10) and READ CAPACITY(16) (SBC-5): last LBA and block size. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, flag, u32, u64 } from '../../dsl/fields.js';

/** READ CAPACITY(10) (0x25): returns 8 bytes (last LBA, block length). */
export const readCapacity10 = defineCdb({
  id: 'readCapacity10',
  name: 'READ CAPACITY(10)',
  standard: 'SBC-5',
  description: 'Return the last logical block address and the block length (8 bytes; up to 2 TiB at 512 B)',
  opcode: 0x25,
  length: 10,
  direction: 'in',
  effect: 'read',
  dataLength: () => 8,
  fields: {
    lba: u32(2, { description: 'LOGICAL BLOCK ADDRESS: obsolete (with PMI); keep 0' }),
    pmi: flag(8, 0, { description: 'PMI: partial medium indicator (obsolete); keep false' }),
    control: control(9),
  },
});

/** READ CAPACITY(16) (SERVICE ACTION IN(16) 0x9E / 0x10). Allocation length defaults to 32. */
export const readCapacity16 = defineCdb({
  id: 'readCapacity16',
  name: 'READ CAPACITY(16)',
  standard: 'SBC-5',
  description: 'Return the last LBA, block length, protection and provisioning information (32 bytes)',
  opcode: 0x9e,
  serviceAction: 0x10,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    lba: u64(2, { description: 'LOGICAL BLOCK ADDRESS: obsolete (with PMI); keep 0' }),
    allocationLength: u32(10, { default: 32, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 32)' }),
    pmi: flag(14, 0, { description: 'PMI: partial medium indicator (obsolete); keep false' }),
    control: control(15),
  },
});
