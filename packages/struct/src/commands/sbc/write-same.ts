/** WRITE SAME(10), WRITE SAME(16) and WRITE SAME(32) (SBC-5): replicate one block, or unmap. */
import { defineCdb } from '../../dsl/cdb.js';
import { control, flag, u16, u32, u64 } from '../../dsl/fields.js';
import { additionalCdbLength, blockSizeOf, groupNumber, protectField, VARIABLE_LENGTH_SERVICE_ACTION } from '../common.js';
import { protectionTagFields } from './protection-tags.js';

const anchor = flag(1, 4, { description: 'ANCHOR: anchor the blocks (with UNMAP)' });
const unmapFlag = flag(1, 3, { description: 'UNMAP: unmap the blocks if possible (thin provisioning)' });
const blocks = 'NUMBER OF LOGICAL BLOCKS: blocks to write (0: to the end, if the device allows it)';

/** WRITE SAME(10) (0x41): sends one logical block, written to every block of the range. */
export const writeSame10 = defineCdb({
  id: 'writeSame10',
  name: 'WRITE SAME(10)',
  standard: 'SBC-5',
  description: 'Write one block of data to a range of blocks (or unmap them), 32-bit LBA',
  opcode: 0x41,
  length: 10,
  direction: 'out',
  effect: 'write',
  dataLength: (_f, context) => blockSizeOf(context),
  fields: {
    wrprotect: protectField(1, 'WRPROTECT'),
    anchor,
    unmap: unmapFlag,
    lba: u32(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    groupNumber: groupNumber(6),
    numberOfBlocks: u16(7, { description: blocks }),
    control: control(9),
  },
});

/** WRITE SAME(16) (0x93): sends one logical block, or nothing with NDOB (zeros). */
export const writeSame16 = defineCdb({
  id: 'writeSame16',
  name: 'WRITE SAME(16)',
  standard: 'SBC-5',
  description: 'Write one block of data to a range of blocks (or unmap them), 64-bit LBA',
  opcode: 0x93,
  length: 16,
  direction: (f) => (f.ndob ? 'none' : 'out'),
  effect: 'write',
  dataLength: (f, context) => (f.ndob ? 0 : blockSizeOf(context)),
  fields: {
    wrprotect: protectField(1, 'WRPROTECT'),
    anchor,
    unmap: unmapFlag,
    ndob: flag(1, 0, { description: 'NDOB: no data-out buffer (write zeros; nothing is sent)' }),
    lba: u64(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    numberOfBlocks: u32(10, { description: blocks }),
    groupNumber: groupNumber(14),
    control: control(15),
  },
});

/**
 * WRITE SAME(32) (variable-length 0x7F / 0x000D): WRITE SAME(16) with the
 * expected protection information tags; one block sent, or none with NDOB.
 */
export const writeSame32 = defineCdb({
  id: 'writeSame32',
  name: 'WRITE SAME(32)',
  standard: 'SBC-5',
  description: 'Write one block of data to a range of blocks (or unmap them), with protection information tags',
  opcode: 0x7f,
  serviceAction: 0x000d,
  serviceActionAt: VARIABLE_LENGTH_SERVICE_ACTION,
  length: 32,
  direction: (f) => (f.ndob ? 'none' : 'out'),
  effect: 'write',
  dataLength: (f, context) => (f.ndob ? 0 : blockSizeOf(context)),
  fields: {
    control: control(1),
    groupNumber: groupNumber(6),
    additionalCdbLength: additionalCdbLength(),
    wrprotect: protectField(10, 'WRPROTECT'),
    anchor: flag(10, 4, { description: 'ANCHOR: anchor the blocks (with UNMAP)' }),
    unmap: flag(10, 3, { description: 'UNMAP: unmap the blocks if possible (thin provisioning)' }),
    ndob: flag(10, 0, { description: 'NDOB: no data-out buffer (write zeros; nothing is sent)' }),
    lba: u64(12, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    ...protectionTagFields(),
    numberOfBlocks: u32(28, { description: blocks }),
  },
});
