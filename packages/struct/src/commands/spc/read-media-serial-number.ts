/** READ MEDIA SERIAL NUMBER (SPC-6, SERVICE ACTION IN(12) 0xAB / 0x01): the serial number of the medium. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control, u32 } from '../../dsl/fields.js';

/** READ MEDIA SERIAL NUMBER. Allocation length defaults to 4096. */
export const readMediaSerialNumber = defineCdb({
  id: 'readMediaSerialNumber',
  name: 'READ MEDIA SERIAL NUMBER',
  standard: 'SPC-6',
  description: 'Return the serial number of the medium currently in the device (4-byte length, then the number)',
  opcode: 0xab,
  serviceAction: 0x01,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    allocationLength: u32(6, { default: 4096, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 4096)' }),
    control: control(11),
  },
});
