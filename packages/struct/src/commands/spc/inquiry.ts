/** INQUIRY (SPC-6): standard inquiry data and vital product data (VPD) pages. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, flag, u16, u8 } from '../../dsl/fields.js';

/**
 * INQUIRY (0x12). Standard data with `evpd` false, or the VPD page
 * `pageCode` with `evpd` true. `allocationLength` defaults to 252 (the
 * default of sg3_utils' sg_inq; very old devices may want 36).
 */
export const inquiry = defineCdb({
  id: 'inquiry',
  name: 'INQUIRY',
  standard: 'SPC-6',
  description: 'Return standard INQUIRY data, or a vital product data page with --evpd',
  opcode: 0x12,
  length: 6,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    evpd: flag(1, 0, { description: 'EVPD: return the vital product data page named by PAGE CODE' }),
    pageCode: u8(2, { description: 'PAGE CODE: VPD page to return (0x00 supported pages, 0x80 serial, 0x83 identification, ...); 0 without EVPD' }),
    allocationLength: u16(3, { default: 252, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 252)' }),
    control: control(5),
  },
});
