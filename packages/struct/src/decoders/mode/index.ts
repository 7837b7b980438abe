/** Mode parameter decoders. */
export { modePageName } from './names.js';
export { MODE_PAGE_ACRONYMS } from './acronyms.js';
export {
  MODE_HEADER_6_LAYOUT,
  MODE_HEADER_10_LAYOUT,
  MODE_SHORT_BLOCK_DESCRIPTOR_LAYOUT,
  MODE_LONG_BLOCK_DESCRIPTOR_LAYOUT,
  decodeModeParameterHeader,
  decodeModeBlockDescriptor,
  type ModeParameterHeader,
  type ModeBlockDescriptor,
} from './header.js';
export { type ModePageHeader } from './page-header.js';
export { type FixedModePage } from './fixed-page.js';
export { decodeModePage, type ModePage } from './dispatch.js';
export { splitModeSense, decodeModeSense, type ModePageSlice, type ModeSenseParts, type ModeSenseData } from './split.js';
export { decodeGenericModePage, type GenericModePage } from './generic.js';
export { CACHING_MODE_PAGE_LAYOUT, decodeCachingModePage, type CachingModePage } from './caching.js';
export { CONTROL_MODE_PAGE_LAYOUT, decodeControlModePage, type ControlModePage } from './control.js';
export {
  READ_WRITE_ERROR_RECOVERY_MODE_PAGE_LAYOUT,
  decodeReadWriteErrorRecoveryModePage,
  type ReadWriteErrorRecoveryModePage,
} from './read-write-error-recovery.js';
export {
  INFORMATIONAL_EXCEPTIONS_MODE_PAGE_LAYOUT,
  decodeInformationalExceptionsModePage,
  type InformationalExceptionsModePage,
} from './informational-exceptions.js';
