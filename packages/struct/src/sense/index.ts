/**
 * Sense data: decoding (fixed and descriptor formats, every SPC descriptor
 * type), encoding, human-readable formatting, and sg3_utils-style classification.
 *
 * @packageDocumentation
 */

export type {
  AtaStatusReturnDescriptor,
  BlockCommandsDescriptor,
  CommandSpecificDescriptor,
  DeviceDesignationDescriptor,
  DirectAccessBlockDeviceDescriptor,
  ForwardedSenseDescriptor,
  FruDescriptor,
  InformationDescriptor,
  MicrocodeActivationDescriptor,
  OpaqueDescriptor,
  OsdAttributeIdentificationDescriptor,
  OsdObjectIdentificationDescriptor,
  OsdResponseIntegrityDescriptor,
  ProgressIndicationDescriptor,
  ReferralTargetPortGroup,
  SenseData,
  SenseDescriptor,
  SenseDescriptorType,
  SenseDesignator,
  SenseFormat,
  SenseKeySpecific,
  SenseKeySpecificDescriptor,
  SenseResponseCode,
  StreamCommandsDescriptor,
  UserDataSegment,
  UserDataSegmentReferralDescriptor,
} from './types.js';
export {
  MAX_SENSE_LENGTH,
  decodeSense,
  decodeSenseKeySpecific,
  findSenseDescriptor,
  senseHeader,
  senseProgress,
  type SenseHeader,
} from './decode.js';
export {
  SENSE_CATEGORY_TEXT,
  SenseCategory,
  classifyOutcome,
  classifySense,
  senseCategoryName,
  senseCategoryText,
  type ClassifySenseOptions,
  type CommandOutcome,
  type SenseCategoryName,
  type SenseCategoryValue,
} from './classify.js';
export { encodeSense, type SenseInput } from './encode.js';
export { formatSense, formatSenseDescriptor, formatSenseKeySpecific, type FormatSenseOptions } from './format.js';
