/**
 * SCSI Enclosure Services (SES-4) diagnostic pages: Configuration (01h),
 * Enclosure Status (02h), String In (04h), Threshold In (05h), Element
 * Descriptor (07h) and Additional Element Status (0Ah) decoders, their join
 * (slot ↔ SAS address ↔ status), element selection (a type header by index
 * or by element type and its acronym, an individual index, a range or the
 * overall element), and the Enclosure Control page that sets or clears the
 * locate and fault indicators of the selected elements. Pages after the
 * configuration are decoded with it: their elements are the configuration's
 * type headers' elements, in order.
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
export { decodeSesThresholdIn, sesThresholdMeaning, type SesThresholdIn, type SesThresholdElement, type SesThresholdMeaning, type SesTemperatureThresholds, type SesVoltageThresholds, type SesCurrentThresholds, type SesUpsThresholds } from './threshold-in.js';
export { decodeSesStringIn, type SesStringIn } from './string-in.js';
export { SES_ELEMENT_TYPE_ACRONYMS, sesElementTypeByAcronym, sesElementTypeAcronym } from './element-type-acronyms.js';
export {
  selectSesElements,
  resolveSesTypeIndex,
  describeSesTypeHeaders,
  SesElementSelectionError,
  type SesElementSelector,
  type SesTypeByIndex,
  type SesTypeByElementType,
} from './element-selection.js';
export { joinSesPages, type SesPages, type SesJoinedElement } from './join.js';
export { splitDiagnosticPages, decodeSupportedDiagnosticPages, type DiagnosticPageBytes, type SupportedDiagnosticPages } from './pages.js';
export { encodeSesIndicatorControl, SES_INDICATOR_EFFECT, SES_INDICATOR_ELEMENT_TYPES, type SesElementAddress, type SesIndicatorChange } from './enclosure-control.js';
