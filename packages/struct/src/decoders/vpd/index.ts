/** VPD page decoders. */
export { vpdPageName } from './names.js';
export { VPD_PAGE_ACRONYMS } from './acronyms.js';
export { type VpdPageHeader } from './header.js';
export { type FixedVpdPage } from './fixed-page.js';
export { decodeVpdPage, type VpdPage } from './dispatch.js';
export { decodeGenericVpdPage, type GenericVpdPage } from './generic.js';
export { decodeSupportedVpdPages, type SupportedVpdPages } from './supported-pages.js';
export { decodeUnitSerialNumber, type UnitSerialNumberVpdPage } from './unit-serial-number.js';
export { decodeDeviceIdentification, type DeviceIdentificationVpdPage } from './device-identification.js';
export {
  DESIGNATOR_HEADER_LAYOUT,
  decodeDesignatorAt,
  protocolName,
  type Designator,
  type DesignatorAssociation,
  type DesignatorCodeSet,
  type DesignatorType,
  type ProtocolName,
} from './designator.js';
export { EXTENDED_INQUIRY_LAYOUT, decodeExtendedInquiry, type ExtendedInquiryVpdPage } from './extended-inquiry.js';
export { ATA_INFORMATION_LAYOUT, decodeAtaInformation, type AtaIdentifySummary, type AtaInformationVpdPage } from './ata-information.js';
export { BLOCK_LIMITS_LAYOUT, decodeBlockLimits, type BlockLimitsVpdPage } from './block-limits.js';
export {
  BLOCK_DEVICE_CHARACTERISTICS_LAYOUT,
  decodeBlockDeviceCharacteristics,
  type BlockDeviceCharacteristicsVpdPage,
} from './block-device-characteristics.js';
export {
  LOGICAL_BLOCK_PROVISIONING_LAYOUT,
  decodeLogicalBlockProvisioning,
  type LogicalBlockProvisioningVpdPage,
  type ProvisioningTypeName,
} from './logical-block-provisioning.js';
