/**
 * The multi-step flows, exported for apps and packs: each is a generator of
 * command steps that {@link runFlowAsync} or {@link runFlowSync} drives on a
 * device (anything with `execute`/`executeSync`), and returns
 * `{ data, decoded, result }`.
 */
export { runFlowAsync, runFlowSync, step, type CommandFlow, type CommandStep, type Executor, type FlowResult, type FlowRunOptions } from './command-step.js';
export { fetchWhole, lengthField } from './fetch-whole.js';
export type { PageDecodeOptions } from './page-decode-options.js';
export {
  inquiryFlow,
  vpdFlow,
  requestSenseFlow,
  reportLunsFlow,
  supportedOpcodesFlow,
  oneSupportedOpcodeFlow,
  INQUIRY_FIRST_ALLOCATION,
  MAX_ALLOCATION_16,
  type SupportedOpcodesOptions,
} from './identify-flows.js';
export { readCapacityFlow, readCapacity16Flow, READ_CAPACITY_16_LENGTH } from './capacity-flow.js';
export { modeSenseFlow, logSenseFlow, isUnsupportedCommand, PAGE_FIRST_ALLOCATION, MODE_SENSE_6_ALLOCATION } from './page-flows.js';
export { lbaStatusFlow, type LbaStatusOptions } from './lba-status-flow.js';
export { verifyFlow, writeSameFlow, unmapFlow, synchronizeCacheFlow, compareAndWriteFlow, COMPARE_AND_WRITE_MAX_BLOCKS } from './block-flows.js';
export {
  persistentReserveInFlow,
  persistentReserveOutFlow,
  prOutParameterList,
  type PrInAction,
  type PrInData,
  type PrInOptions,
  type PrOutAction,
  type PrOutRequest,
} from './persistent-reservation-flows.js';
export { reportZonesFlow, zoneActionFlow, type ReportZonesOptions, type ZoneAction, type ZoneTarget, type ZoneRange, type AllZones } from './zone-flows.js';
export { zonedWritePlanFlow, ZonedWriteError, type ZonedWritePlan, type ZonedWriteErrorCode } from './zoned-write-flow.js';
export { reportTargetPortGroupsFlow, setTargetPortGroupsFlow, ownTargetPortGroupFlow, RTPG_FIRST_ALLOCATION, type ReportTargetPortGroupsOptions } from './alua-flows.js';
export { diagnosticPageFlow, sesPagesFlow, sesIndicatorFlow, DIAGNOSTIC_FIRST_ALLOCATION, type SesPagesRead, type SesPagesOptions, type SesIndicatorResult, type SesIndicatorTarget } from './ses-flows.js';
export { ataIdentifyFlow, ataSmartDataFlow } from './ata-flows.js';
export { progressOf, type OperationProgress } from './progress.js';
