/** GET CONFIGURATION (MMC-6, 0x46): the features and profiles of an optical (MMC) device. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, u16 } from '../../dsl/fields.js';

/** Peripheral device type of MMC devices (CD/DVD/BD). */
export const MMC_DEVICE = 0x05;

/** GET CONFIGURATION. Allocation length defaults to 8192 (as sg_get_config). */
export const getConfiguration = defineCdb({
  id: 'getConfiguration',
  name: 'GET CONFIGURATION',
  standard: 'MMC-6',
  description: 'List the features (and the current profile) of a CD/DVD/BD device',
  opcode: 0x46,
  length: 10,
  direction: 'in',
  effect: 'read',
  deviceTypes: [MMC_DEVICE],
  dataLength: allocationLength('allocationLength'),
  fields: {
    rt: bits(1, 1, 2, { description: 'RT: 0 every feature, 1 current features, 2 the one feature STARTING FEATURE NUMBER' }),
    startingFeatureNumber: u16(2, { description: 'STARTING FEATURE NUMBER: first feature code to report' }),
    allocationLength: u16(7, { default: 8192, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 8192)' }),
    control: control(9),
  },
});
