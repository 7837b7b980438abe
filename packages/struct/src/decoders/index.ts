/**
 * Response decoders: standard INQUIRY, VPD pages, READ CAPACITY, MODE SENSE,
 * LOG SENSE, REPORT LUNS, REPORT SUPPORTED OPERATION CODES, GET LBA STATUS,
 * REPORT TARGET PORT GROUPS, REPORT ZONES, REPORT TIMESTAMP, the stream
 * commands, REPORT REFERRALS, GET PHYSICAL ELEMENT STATUS, READ MEDIA SERIAL
 * NUMBER, REPORT IDENTIFYING INFORMATION, RECEIVE COPY OPERATING PARAMETERS,
 * GET CONFIGURATION, READ ATTRIBUTE, READ BLOCK LIMITS and PERSISTENT RESERVE IN. Every decoder takes untrusted bytes and either returns a plain,
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
export { decodeGrownDefectListHeader, type GrownDefectListHeader } from './defect-list-header.js';
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
export { cdbLengthOfGroup, cdbUsageData, encodeOneSupportedOpcode, encodeSupportedOpcodes, type BareCommand, type ReportedCommand, type ReportedTimeouts } from './supported-opcodes-encode.js';
export {
  LBA_STATUS_DESCRIPTOR_LAYOUT,
  decodeLbaStatus,
  type LbaStatusData,
  type LbaStatusDescriptor,
  type ProvisioningStatusName,
} from './lba-status.js';
export {
  TARGET_PORT_GROUP_LAYOUT,
  RTPG_HEADER_LAYOUT,
  accessStateName,
  decodeTargetPortGroups,
  encodeSetTargetPortGroups,
  SETTABLE_ACCESS_STATES,
  type SettableAccessState,
  type TargetPortGroupChange,
  type TargetPortGroup,
  type TargetPortGroups,
} from './target-port-groups.js';
export {
  REPORT_ZONES_HEADER_LAYOUT,
  ZONE_DESCRIPTOR_LAYOUT,
  ZONE_TYPE_TEXT,
  ZONE_CONDITION_TEXT,
  decodeReportZones,
  type ReportZonesData,
  type ZoneDescriptor,
  type ZoneTypeName,
  type ZoneConditionName,
} from './zones.js';
export { TIMESTAMP_LAYOUT, decodeTimestamp, encodeSetTimestamp, type TimestampData, type TimestampOriginName } from './timestamp.js';
export {
  STREAM_CONTROL_DATA_LAYOUT,
  STREAM_STATUS_HEADER_LAYOUT,
  STREAM_STATUS_DESCRIPTOR_LAYOUT,
  decodeStreamControl,
  decodeStreamStatus,
  type StreamControlData,
  type StreamStatus,
  type StreamStatusData,
} from './streams.js';
export { decodeMediaSerialNumber, type MediaSerialNumberData } from './media-serial-number.js';
export { decodeReferrals, type ReferralsData, type SegmentTargetPortGroup, type UserDataSegmentReferral } from './referrals.js';
export {
  PHYSICAL_ELEMENT_STATUS_HEADER_LAYOUT,
  PHYSICAL_ELEMENT_DESCRIPTOR_LAYOUT,
  decodePhysicalElementStatus,
  type PhysicalElementStatus,
  type PhysicalElementStatusData,
} from './physical-element-status.js';
export {
  SUPPORTED_IDENTIFYING_INFORMATION_TYPES,
  decodeIdentifyingInformation,
  type IdentifyingInformationData,
  type IdentifyingInformationType,
} from './identifying-information.js';
export { COPY_OPERATING_PARAMETERS_LAYOUT, decodeCopyOperatingParameters, type CopyOperatingParameters } from './copy-operating-parameters.js';
export { decodeConfiguration, type ConfigurationData, type FeatureDescriptor } from './configuration.js';
export { decodeAttributeValues, decodeAttributeList, type Attribute, type AttributeValuesData, type AttributeListData } from './attributes.js';
export { READ_BLOCK_LIMITS_LAYOUT, decodeReadBlockLimits, type ReadBlockLimitsData } from './read-block-limits.js';
export * from './persistent-reserve/index.js';
export * from './ses/index.js';
export * from './ata/index.js';
