/** Read-Write Error Recovery mode page (0x01, SBC-5 6.5.9). */
import { bits, flag, u16, u8 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { decodeFixedModePage, type FixedModePage } from './fixed-page.js';

/** Layout of the Read-Write Error Recovery mode page (offsets from the page start). */
export const READ_WRITE_ERROR_RECOVERY_MODE_PAGE_LAYOUT = defineLayout({
  name: 'Read-Write Error Recovery mode page',
  length: 12,
  fields: {
    awre: flag(2, 7, { description: 'automatic write reallocation enabled' }),
    arre: flag(2, 6, { description: 'automatic read reallocation enabled' }),
    tb: flag(2, 5, { description: 'transfer block' }),
    rc: flag(2, 4, { description: 'read continuous' }),
    eer: flag(2, 3, { description: 'enable early recovery' }),
    per: flag(2, 2, { description: 'post error' }),
    dte: flag(2, 1, { description: 'data terminate on error' }),
    dcr: flag(2, 0, { description: 'disable correction' }),
    readRetryCount: u8(3, { description: 'read retry count' }),
    correctionSpan: u8(4, { description: 'obsolete: correction span' }),
    headOffsetCount: u8(5, { description: 'obsolete: head offset count' }),
    dataStrobeOffsetCount: u8(6, { description: 'obsolete: data strobe offset count' }),
    lbpere: flag(7, 7, { description: 'logical block provisioning error reporting enabled' }),
    mwr: bits(7, 6, 2, { description: 'misaligned write reporting' }),
    writeRetryCount: u8(8, { description: 'write retry count' }),
    recoveryTimeLimit: u16(10, { description: 'recovery time limit, ms' }),
  },
});

/** Decoded Read-Write Error Recovery mode page. */
export type ReadWriteErrorRecoveryModePage = FixedModePage<(typeof READ_WRITE_ERROR_RECOVERY_MODE_PAGE_LAYOUT)['fields']>;

/**
 * Decodes the Read-Write Error Recovery mode page (0x01) starting at byte 0 of `bytes`.
 * @throws {@link DecodeError} on fewer than 2 bytes or another page code.
 */
export function decodeReadWriteErrorRecoveryModePage(bytes: Uint8Array): ReadWriteErrorRecoveryModePage {
  return decodeFixedModePage(bytes, 0x01, READ_WRITE_ERROR_RECOVERY_MODE_PAGE_LAYOUT);
}
