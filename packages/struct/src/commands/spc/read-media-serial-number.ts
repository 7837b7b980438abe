/** READ MEDIA SERIAL NUMBER (SPC-6, SERVICE ACTION IN(12) 0xAB / 0x01): the serial number of the medium. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { control } from '../../dsl/fields.js';
import { allocationLength32 } from '../common.js';

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
    allocationLength: allocationLength32(6),
    control: control(11),
  },
});
