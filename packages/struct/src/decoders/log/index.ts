/** Log page decoders. */
export { logPageName } from './names.js';
export { LOG_PAGE_ACRONYMS } from './acronyms.js';
export { type LogPageHeader } from './header.js';
export { LOG_PARAMETER_HEADER_LAYOUT, type LogParameter } from './parameters.js';
export { decodeLogPage, type LogPage } from './dispatch.js';
export { decodeGenericLogPage, type GenericLogPage } from './generic.js';
export {
  decodeSupportedLogPages,
  decodeSupportedLogPagesAndSubpages,
  type SupportedLogPages,
  type SupportedLogPagesAndSubpages,
  type LogPageId,
} from './supported-pages.js';
export { decodeTemperatureLogPage, type TemperatureLogPage } from './temperature.js';
export { decodeStartStopCycleLogPage, type StartStopCycleLogPage, type LogPageDate } from './start-stop-cycle.js';
export {
  SELF_TEST_RESULT_LAYOUT,
  decodeSelfTestResultsLogPage,
  type SelfTestResult,
  type SelfTestResultName,
  type SelfTestResultsLogPage,
} from './self-test-results.js';
export { decodeInformationalExceptionsLogPage, type InformationalExceptionsLogPage } from './informational-exceptions.js';
