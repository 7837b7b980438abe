/**
 * The T10 code tables as package data: ASC/ASCQ descriptions (with range
 * entries), sense key names, operation code names, peripheral device types.
 *
 * @packageDocumentation
 */

export {
  ASC_ASCQ_RANGES,
  ascAscqCount,
  ascText,
  lookupAscAscq,
  type AscAscqInfo,
  type AscAscqRange,
  type AscAscqSource,
} from './asc-ascq.js';
export { SENSE_KEY_NAMES, SenseKey, senseKeyName, type SenseKeyValue } from './sense-keys.js';
export {
  BLOCK_DEVICE_TYPES,
  PERIPHERAL_DEVICE_TYPES,
  PeripheralDeviceType,
  isBlockDeviceType,
  peripheralDeviceType,
  peripheralDeviceTypeName,
  type PeripheralDeviceTypeInfo,
} from './device-types.js';
export { opcodeEntries, opcodeGroupsFor, opcodeName, type OpcodeDeviceGroup, type OpcodeEntry } from './opcodes.js';
