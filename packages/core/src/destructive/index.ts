/** Guarded destructive work: confirmations, FORMAT UNIT and SANITIZE with progress, microcode download, resets, dry runs. */
export { ConfirmationError, checkConfirmation, confirmDevice, deviceIdentity, type ConfirmationFailure, type DeviceIdentity } from './confirmation.js';
export { dryRunExecutor, type DryRunExecutor, type PlannedCommand } from './dry-run.js';
export { formatUnit, formatUnitFlow, type FormatProgress, type FormatUnitFlowOptions, type FormatUnitOptions, type FormatUnitReport } from './format.js';
export {
  activateMicrocodeFlow,
  downloadMicrocode,
  downloadMicrocodeFlow,
  WRITE_BUFFER_MAX,
  type MicrocodeFlowOptions,
  type MicrocodeMode,
  type MicrocodeOptions,
  type MicrocodeReport,
} from './microcode.js';
export { resetDevice, type ResetKind, type ResetOptions } from './reset.js';
export { sanitize, sanitizeFlow, type SanitizeFlowOptions, type SanitizeOptions, type SanitizeReport } from './sanitize.js';
export { pollUntilDone, runGuardedOperation, type GuardedOperationOptions, type GuardedOperationReport, type ProgressPollOptions } from './progress-poll.js';
