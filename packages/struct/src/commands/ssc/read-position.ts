/** READ POSITION (SSC-5): where the tape is. */
import { defineCdb } from '../../dsl/cdb.js';
import { bits, control, u16 } from '../../dsl/fields.js';
import { SEQUENTIAL_ACCESS_DEVICE } from './device-type.js';

/** READ POSITION service actions (the forms of the returned data). */
export const READ_POSITION_FORM = {
  /** Short form, block identifiers (20 bytes). */
  shortBlockId: 0x00,
  /** Short form, vendor specific (20 bytes). */
  shortVendorSpecific: 0x01,
  /** Long form (32 bytes). */
  long: 0x06,
  /** Extended form (28 bytes or more). */
  extended: 0x08,
} as const;

/** Bytes of data each form returns when the allocation length is 0. */
function formLength(serviceAction: number): number {
  if (serviceAction === 0x06) return 32;
  if (serviceAction === 0x08) return 28;
  return 20;
}

/**
 * READ POSITION (0x34 on tapes; PRE-FETCH(10) elsewhere). SSC wants a zero
 * allocation length for the short and long forms; the data length is then
 * the form's fixed size (20, 32 or 28 bytes).
 */
export const readPosition = defineCdb({
  id: 'readPosition',
  name: 'READ POSITION',
  standard: 'SSC-5',
  description: 'Return the current tape position (partition, block and file numbers)',
  opcode: 0x34,
  length: 10,
  direction: 'in',
  effect: 'read',
  dataLength: (f) => (f.allocationLength !== 0 ? f.allocationLength : formLength(f.serviceAction)),
  deviceTypes: [SEQUENTIAL_ACCESS_DEVICE],
  fields: {
    serviceAction: bits(1, 4, 5, { description: 'SERVICE ACTION: 0 short form, 1 short vendor form, 6 long form, 8 extended form' }),
    allocationLength: u16(7, { description: 'ALLOCATION LENGTH: 0 for the short and long forms (fixed sizes)' }),
    control: control(9),
  },
});
