/** READ DEFECT DATA(10) and (12) (SBC-5 5.20, 5.21): the primary and grown defect lists. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag, u16, u32 } from '../../dsl/fields.js';

/** READ DEFECT DATA(10) (0x37): the defect list header, 4 bytes. */
export const readDefectData10 = defineCdb({
  id: 'readDefectData10',
  name: 'READ DEFECT DATA(10)',
  standard: 'SBC-5',
  description: 'Read the primary and/or grown defect list',
  opcode: 0x37,
  length: 10,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    reqPlist: flag(2, 4, { description: 'REQ_PLIST: return the primary defect list' }),
    reqGlist: flag(2, 3, { description: 'REQ_GLIST: return the grown defect list' }),
    defectListFormat: bits(2, 2, 3, { description: 'DEFECT LIST FORMAT (4 bytes from index, 5 physical sector, ...)' }),
    allocationLength: u16(7, { description: 'ALLOCATION LENGTH' }),
    control: control(9),
  },
});

/** READ DEFECT DATA(12) (0xB7): the defect list header, 8 bytes. */
export const readDefectData12 = defineCdb({
  id: 'readDefectData12',
  name: 'READ DEFECT DATA(12)',
  standard: 'SBC-5',
  description: 'Read the primary and/or grown defect list (32-bit lengths)',
  opcode: 0xb7,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    reqPlist: flag(1, 4, { description: 'REQ_PLIST: return the primary defect list' }),
    reqGlist: flag(1, 3, { description: 'REQ_GLIST: return the grown defect list' }),
    defectListFormat: bits(1, 2, 3, { description: 'DEFECT LIST FORMAT' }),
    allocationLength: u32(6, { description: 'ALLOCATION LENGTH' }),
    control: control(11),
  },
});
