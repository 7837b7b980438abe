/** MODE SENSE(6) and MODE SENSE(10) (SPC-6): read mode pages. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag, u16, u8 } from '../../dsl/fields.js';

const pc = bits(2, 7, 2, { description: 'PC: page control (0 current, 1 changeable, 2 default, 3 saved values)' });
const pageCode = bits(2, 5, 6, { default: 0x3f, description: 'PAGE CODE: mode page to return (default 0x3F: all pages)' });
const subpageCode = u8(3, { description: 'SUBPAGE CODE: mode subpage (0 = page_0 format; 0xFF with page 0x3F: all subpages)' });
const dbd = flag(1, 3, { description: 'DBD: disable block descriptors (do not return them)' });

/** MODE SENSE(6) (0x1A). Defaults: all pages (0x3F), current values, allocation length 252 (0xFC). */
export const modeSense6 = defineCdb({
  id: 'modeSense6',
  name: 'MODE SENSE(6)',
  standard: 'SPC-6',
  description: 'Return mode parameters (a 4-byte header, block descriptors, mode pages)',
  opcode: 0x1a,
  length: 6,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    dbd,
    pc,
    pageCode,
    subpageCode,
    allocationLength: u8(4, { default: 0xfc, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 252)' }),
    control: control(5),
  },
});

/** MODE SENSE(10) (0x5A). Defaults: all pages (0x3F), current values, allocation length 4096. */
export const modeSense10 = defineCdb({
  id: 'modeSense10',
  name: 'MODE SENSE(10)',
  standard: 'SPC-6',
  description: 'Return mode parameters with an 8-byte header (long LBA block descriptors possible)',
  opcode: 0x5a,
  length: 10,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    llbaa: flag(1, 4, { description: 'LLBAA: long LBA block descriptors (16 bytes each) accepted' }),
    dbd,
    pc,
    pageCode,
    subpageCode,
    allocationLength: u16(7, { default: 4096, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 4096)' }),
    control: control(9),
  },
});
