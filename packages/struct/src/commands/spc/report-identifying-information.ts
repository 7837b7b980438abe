/** REPORT IDENTIFYING INFORMATION (SPC-6, MAINTENANCE IN 0xA3 / 0x05): the peripheral device's identifying information. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control } from '../../dsl/fields.js';
import { allocationLength32 } from '../common.js';

/** REPORT IDENTIFYING INFORMATION. Allocation length defaults to 4096. */
export const reportIdentifyingInformation = defineCdb({
  id: 'reportIdentifyingInformation',
  name: 'REPORT IDENTIFYING INFORMATION',
  standard: 'SPC-6',
  description: 'Return the identifying information (a name set with SET IDENTIFYING INFORMATION) or the list of supported types',
  opcode: 0xa3,
  serviceAction: 0x05,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    allocationLength: allocationLength32(6),
    identifyingInformationType: bits(10, 7, 7, {
      description: 'IDENTIFYING INFORMATION TYPE: 0 peripheral device, 2 peripheral device text, 0x7F the list of supported types',
    }),
    control: control(11),
  },
});
