/** READ LONG(10) and READ LONG(16) (SBC-5): a block with its ECC bytes, as the medium holds it. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, flag, u16, u32, u64 } from '../../dsl/fields.js';

const transfer = 'BYTE TRANSFER LENGTH: bytes to read (block plus ECC; a wrong length gives ILLEGAL REQUEST with the right one in INFORMATION)';
const pblockHelp = 'PBLOCK: return the whole physical block holding the LBA';
const correctHelp = 'CORRCT: correct the data with the ECC before returning it';

/** READ LONG(10) (0x3E). Byte transfer length defaults to 520 (a 512-byte block and 8 ECC bytes, as sg_read_long). */
export const readLong10 = defineCdb({
  id: 'readLong10',
  name: 'READ LONG(10)',
  standard: 'SBC-5',
  description: 'Read one block with its ECC bytes (32-bit LBA)',
  opcode: 0x3e,
  length: 10,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('byteTransferLength'),
  fields: {
    pblock: flag(1, 2, { description: pblockHelp }),
    correct: flag(1, 1, { description: correctHelp }),
    lba: u32(2, { description: 'LOGICAL BLOCK ADDRESS' }),
    byteTransferLength: u16(7, { default: 520, description: `${transfer} (default 520)` }),
    control: control(9),
  },
});

/** READ LONG(16) (SERVICE ACTION IN(16) 0x9E / 0x11). */
export const readLong16 = defineCdb({
  id: 'readLong16',
  name: 'READ LONG(16)',
  standard: 'SBC-5',
  description: 'Read one block with its ECC bytes (64-bit LBA)',
  opcode: 0x9e,
  serviceAction: 0x11,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('byteTransferLength'),
  fields: {
    lba: u64(2, { description: 'LOGICAL BLOCK ADDRESS' }),
    byteTransferLength: u16(12, { default: 520, description: `${transfer} (default 520)` }),
    pblock: flag(14, 1, { description: pblockHelp }),
    correct: flag(14, 0, { description: correctHelp }),
    control: control(15),
  },
});
