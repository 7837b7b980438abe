/**
 * FORMAT UNIT, guarded: the caller names the device (see confirmation.ts),
 * the command is sent with IMMED so it returns at once, and the progress
 * the device reports in REQUEST SENSE (NOT READY, "format in progress",
 * with a progress indication) is polled until the format ends, as
 * sg_format does.
 */
import { formatUnit as formatUnitCdb } from '@sgio/struct';
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import type { CommandResult } from '../execute/result.js';
import { step, type CommandFlow, type Executor } from '../flows/command-step.js';
import type { OperationProgress } from '../flows/progress.js';
import { runGuardedOperation, type GuardedOperationOptions, type GuardedOperationReport } from './progress-poll.js';

/** Options of {@link formatUnitFlow}. */
export interface FormatUnitFlowOptions extends CommandOptions {
  /** FMTPINFO (0..3): protection information format (default 0: none). */
  readonly fmtpinfo?: number;
  /** Return at once and let the caller poll progress (IMMED in the parameter list header; default true). */
  readonly immediate?: boolean;
  /** FFMT fast format (0 normal, 1 or 2 without overwriting; default 0). */
  readonly fastFormat?: number;
}

/**
 * The FORMAT UNIT command alone (no guard): with `immediate` (the default)
 * a 4-byte parameter list header with IMMED, else no parameter list.
 */
export function* formatUnitFlow(options: FormatUnitFlowOptions = {}): CommandFlow<CommandResult> {
  const fmtpinfo = options.fmtpinfo ?? 0;
  if (!Number.isInteger(fmtpinfo) || fmtpinfo < 0 || fmtpinfo > 3) throw new RangeError(`formatUnit(): fmtpinfo is 0..3, got ${String(fmtpinfo)}`);
  const ffmt = options.fastFormat ?? 0;
  if (!Number.isInteger(ffmt) || ffmt < 0 || ffmt > 2) throw new RangeError(`formatUnit(): fastFormat is 0, 1 or 2, got ${String(ffmt)}`);
  const immediate = options.immediate ?? true;
  const exec = commandOptions(options);
  if (!immediate) return yield step(formatUnitCdb, { fmtpinfo, ffmt, fmtdata: false }, exec);
  // short parameter list header: byte 1 bit 1 is IMMED
  return yield step(formatUnitCdb, { fmtpinfo, ffmt, fmtdata: true }, { ...exec, data: new Uint8Array([0, 0x02, 0, 0]) });
}

/** What a progress poll of a format found (see {@link progressOf}). */
export type FormatProgress = OperationProgress;

/** Options of {@link formatUnit}. */
export interface FormatUnitOptions extends FormatUnitFlowOptions, GuardedOperationOptions {}

/** What a format did: the device, FORMAT UNIT's result, the progress polls. */
export type FormatUnitReport = GuardedOperationReport;

/**
 * Formats the device named by `options.confirm` (a `ConfirmationError`
 * before anything is sent otherwise), then polls REQUEST SENSE until the
 * format is done. All data on the device is lost.
 */
export function formatUnit(device: Executor, options: FormatUnitOptions): Promise<FormatUnitReport> {
  return runGuardedOperation(device, 'FORMAT UNIT', () => formatUnitFlow(options), options);
}
