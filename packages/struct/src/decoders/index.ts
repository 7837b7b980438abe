/**
 * Response decoders: standard INQUIRY, VPD pages, READ CAPACITY, MODE SENSE,
 * LOG SENSE, REPORT LUNS, REPORT SUPPORTED OPERATION CODES and GET LBA
 * STATUS. Every decoder takes untrusted bytes and either returns a plain,
 * JSON-friendly object (bigint for 64-bit values) or throws a `DecodeError`.
 *
 * @packageDocumentation
 */
export { decodePeripheralByte, type PeripheralByte } from './device-type.js';
export { INQUIRY_LAYOUT, decodeInquiry, inquiryVersionName, type InquiryData, type InquiryVersionName } from './inquiry.js';
export * from './vpd/index.js';
export {
  READ_CAPACITY_10_LAYOUT,
  READ_CAPACITY_16_LAYOUT,
  decodeReadCapacity10,
  decodeReadCapacity16,
  type ReadCapacity10Data,
  type ReadCapacity16Data,
} from './read-capacity.js';
export * from './mode/index.js';
export * from './log/index.js';
export * from './registry/index.js';
export {
  decodeLunAddress,
  wellKnownLunName,
  type LunAddress,
  type LunLevel,
  type PeripheralLunLevel,
  type FlatLunLevel,
  type LogicalUnitLunLevel,
  type ExtendedLunLevel,
  type WellKnownLunName,
} from './lun-address.js';
export { decodeReportLuns, type ReportLunsData } from './report-luns.js';
export {
  COMMAND_DESCRIPTOR_LAYOUT,
  COMMAND_TIMEOUTS_DESCRIPTOR_LAYOUT,
  ONE_COMMAND_HEADER_LAYOUT,
  decodeSupportedOpcodes,
  decodeOneSupportedOpcode,
  type CommandTimeouts,
  type SupportedCommand,
  type SupportedOpcodesData,
  type OneSupportedOpcodeData,
  type CommandSupportName,
} from './supported-opcodes.js';
export {
  LBA_STATUS_DESCRIPTOR_LAYOUT,
  decodeLbaStatus,
  type LbaStatusData,
  type LbaStatusDescriptor,
  type ProvisioningStatusName,
} from './lba-status.js';
