/** READ ATTRIBUTE (SPC-6, 0x8C): medium auxiliary memory attributes (tapes, changers, some disks). */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag, u16, u8 } from '../../dsl/fields.js';
import { allocationLength32 } from '../common.js';

/** READ ATTRIBUTE service action values (byte 1 bits 4..0). */
export const READ_ATTRIBUTE_SERVICE_ACTION = {
  /** The attribute values. */
  attributeValues: 0x00,
  /** The attribute identifiers present. */
  attributeList: 0x01,
  /** The logical volume numbers present. */
  logicalVolumeList: 0x02,
  /** The partition numbers present. */
  partitionList: 0x03,
  /** The restricted supported attributes. */
  restricted: 0x04,
  /** The attribute identifiers the device supports. */
  supportedAttributes: 0x05,
} as const;

/** READ ATTRIBUTE. Allocation length defaults to 4096. */
export const readAttribute = defineCdb({
  id: 'readAttribute',
  name: 'READ ATTRIBUTE',
  standard: 'SPC-6',
  description: 'Read medium auxiliary memory attributes: values, attribute list, volume or partition list',
  opcode: 0x8c,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    serviceAction: bits(1, 4, 5, { description: 'SERVICE ACTION: 0 attribute values, 1 attribute list, 2 volume list, 3 partition list, 5 supported attributes' }),
    elementAddress: u16(2, { description: 'ELEMENT ADDRESS: the medium changer element (SMC)' }),
    logicalVolumeNumber: u8(5, { description: 'LOGICAL VOLUME NUMBER' }),
    partitionNumber: u8(7, { description: 'PARTITION NUMBER' }),
    firstAttributeIdentifier: u16(8, { description: 'FIRST ATTRIBUTE IDENTIFIER: lowest attribute returned' }),
    allocationLength: allocationLength32(10),
    cache: flag(14, 0, { description: 'CACHE: attributes may come from a cache of the medium auxiliary memory' }),
    control: control(15),
  },
});
