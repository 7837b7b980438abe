/** GET PHYSICAL ELEMENT STATUS (SBC-5, SERVICE ACTION IN(16) 0x9E / 0x17): health of storage elements (heads, dies). */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, u32 } from '../../dsl/fields.js';
import { allocationLength32 } from '../common.js';

/** GET PHYSICAL ELEMENT STATUS. Allocation length defaults to 4096. */
export const getPhysicalElementStatus = defineCdb({
  id: 'getPhysicalElementStatus',
  name: 'GET PHYSICAL ELEMENT STATUS',
  standard: 'SBC-5',
  description: 'Return the health and depopulation state of the physical elements (storage elements) of the device',
  opcode: 0x9e,
  serviceAction: 0x17,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    startingElement: u32(6, { description: 'STARTING ELEMENT: lowest element identifier to report' }),
    allocationLength: allocationLength32(10),
    filter: bits(14, 7, 2, { description: 'FILTER: 0 every element, 1 elements whose health is outside the manufacturer limits' }),
    reportType: bits(14, 3, 4, { description: 'REPORT TYPE: 0 physical elements, 1 storage elements' }),
    control: control(15),
  },
});
