/** The protection information tag fields of SBC-5's 32-byte CDBs (bytes 20..27). */
import { u16, u32, type UintField } from '../../dsl/fields.js';

/** EXPECTED INITIAL LOGICAL BLOCK REFERENCE TAG, EXPECTED LOGICAL BLOCK APPLICATION TAG and its mask, as in READ(32)/WRITE(32)/WRITE SAME(32). */
export function protectionTagFields(): { expectedInitialReferenceTag: UintField; expectedApplicationTag: UintField; applicationTagMask: UintField } {
  return {
    expectedInitialReferenceTag: u32(20, { description: 'EXPECTED INITIAL LOGICAL BLOCK REFERENCE TAG: checked against the first block (protection type 2)' }),
    expectedApplicationTag: u16(24, { description: 'EXPECTED LOGICAL BLOCK APPLICATION TAG: checked under the mask' }),
    applicationTagMask: u16(26, { description: 'LOGICAL BLOCK APPLICATION TAG MASK: which application tag bits are checked' }),
  };
}
