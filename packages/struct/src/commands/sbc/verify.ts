/** VERIFY(10) and VERIFY(16) (SBC-5): check blocks on the medium. */
import { defineCdb, type DataDirection, type DataLengthContext } from '../../dsl/cdb.js';
import { bits, control, u16, u32, u64 } from '../../dsl/fields.js';
import { blockSizeOf, dpoFlag, groupNumber, protectField } from '../common.js';

const bytchk = bits(1, 2, 2, {
  description: 'BYTCHK: 0 medium check only (no data), 1 compare with VERIFICATION LENGTH blocks sent, 3 compare each block with one block sent',
});

/** Data direction of VERIFY: out when BYTCHK asks for a comparison. */
function verifyDirection(f: { readonly bytchk: number }): DataDirection {
  return f.bytchk === 1 || f.bytchk === 3 ? 'out' : 'none';
}

/** Data length of VERIFY: every block for BYTCHK 1, one block for BYTCHK 3, else none. */
function verifyDataLength(f: { readonly bytchk: number; readonly verificationLength: number }, context: DataLengthContext): number {
  if (f.bytchk === 1) return f.verificationLength * blockSizeOf(context);
  if (f.bytchk === 3) return blockSizeOf(context);
  return 0;
}

/** VERIFY(10) (0x2F). */
export const verify10 = defineCdb({
  id: 'verify10',
  name: 'VERIFY(10)',
  standard: 'SBC-5',
  description: 'Verify logical blocks on the medium, optionally comparing with data sent (32-bit LBA)',
  opcode: 0x2f,
  length: 10,
  direction: verifyDirection,
  effect: 'read',
  dataLength: verifyDataLength,
  fields: {
    vrprotect: protectField(1, 'VRPROTECT'),
    dpo: dpoFlag(1),
    bytchk,
    lba: u32(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    groupNumber: groupNumber(6),
    verificationLength: u16(7, { default: 1, description: 'VERIFICATION LENGTH: number of blocks to verify (default 1)' }),
    control: control(9),
  },
});

/** VERIFY(16) (0x8F). */
export const verify16 = defineCdb({
  id: 'verify16',
  name: 'VERIFY(16)',
  standard: 'SBC-5',
  description: 'Verify logical blocks on the medium, optionally comparing with data sent (64-bit LBA)',
  opcode: 0x8f,
  length: 16,
  direction: verifyDirection,
  effect: 'read',
  dataLength: verifyDataLength,
  fields: {
    vrprotect: protectField(1, 'VRPROTECT'),
    dpo: dpoFlag(1),
    bytchk,
    lba: u64(2, { description: 'LOGICAL BLOCK ADDRESS: first block' }),
    verificationLength: u32(10, { default: 1, description: 'VERIFICATION LENGTH: number of blocks to verify (default 1)' }),
    groupNumber: groupNumber(14),
    control: control(15),
  },
});
