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
export { decodeErrorCounterLogPage, counterOf, ERROR_COUNTER_PAGES, type ErrorCounterLogPage } from './error-counter.js';
export { decodeNonMediumErrorLogPage, type NonMediumErrorLogPage } from './non-medium-error.js';
export { decodeFormatStatusLogPage, type FormatStatusLogPage } from './format-status.js';
export { decodeSolidStateMediaLogPage, type SolidStateMediaLogPage } from './solid-state-media.js';
export {
  decodeBackgroundScanResultsLogPage,
  type BackgroundScanResultsLogPage,
  type BackgroundScanStatus,
  type BackgroundScanEvent,
} from './background-scan.js';
export { decodePendingDefectsLogPage, type PendingDefectsLogPage, type PendingDefect } from './pending-defects.js';
export { decodeEnvironmentalReportingLogPage, type EnvironmentalReportingLogPage, type EnvironmentalReport } from './environmental-reporting.js';
