/**
 * SCSI Enclosure Services (SES-4) diagnostic pages: Configuration (01h),
 * Enclosure Status (02h), Element Descriptor (07h) and Additional Element
 * Status (0Ah) decoders, their join (slot ↔ SAS address ↔ status), and the
 * Enclosure Control page that sets or clears one element's locate and fault
 * indicators. Pages after the configuration are decoded with it: their
 * elements are the configuration's type headers' elements, in order.
 *
 * @packageDocumentation
 */
export { SES_ELEMENT_TYPE, SES_PAGE, sesElementTypeName, sesTypeHasAdditionalStatus } from './element-types.js';
export { decodeSesConfiguration, sesElementPositions, type SesConfiguration, type SesEnclosureDescriptor, type SesTypeDescriptor, type SesElementPosition } from './configuration.js';
export {
  SES_ELEMENT_STATUS,
  decodeSesEnclosureStatus,
  decodeSesElementDetail,
  sesElementStatusName,
  type SesEnclosureStatus,
  type SesStatusElement,
  type SesElementDetail,
  type SesSlotStatus,
  type SesPowerSupplyStatus,
  type SesCoolingStatus,
  type SesTemperatureStatus,
  type SesEnclosureElementStatus,
  type SesSasExpanderStatus,
  type SesRawElementStatus,
} from './enclosure-status.js';
export { decodeSesElementDescriptors, type SesElementDescriptors, type SesElementDescriptor } from './element-descriptor.js';
export {
  decodeSesAdditionalElementStatus,
  type SesAdditionalElementStatus,
  type SesAdditionalElement,
  type SesSasSlotInfo,
  type SesSasPhy,
  type SesSasExpanderInfo,
  type SesExpanderPhy,
  type SesSasOtherInfo,
} from './additional-element-status.js';
export { joinSesPages, type SesPages, type SesJoinedElement } from './join.js';
export { splitDiagnosticPages, decodeSupportedDiagnosticPages, type DiagnosticPageBytes, type SupportedDiagnosticPages } from './pages.js';
export { encodeSesIndicatorControl, SES_INDICATOR_EFFECT, SES_INDICATOR_ELEMENT_TYPES, type SesElementAddress, type SesIndicatorChange } from './enclosure-control.js';
