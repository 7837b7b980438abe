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
import { runFlowAsync, step, type CommandFlow, type Executor } from '../flows/command-step.js';
import type { OperationProgress } from '../flows/progress.js';
import { confirmDevice, type DeviceIdentity } from './confirmation.js';
import { pollUntilDone, type ProgressPollOptions } from './progress-poll.js';

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
export interface FormatUnitOptions extends FormatUnitFlowOptions, ProgressPollOptions {
  /** The device's unit serial number or WWN: required, checked before anything is sent. */
  readonly confirm: string | undefined;
}

/** What a format did. */
export interface FormatUnitReport {
  /** The device that was formatted. */
  readonly identity: DeviceIdentity;
  /** FORMAT UNIT's result. */
  readonly result: CommandResult;
  /** Progress polls made after the command returned. */
  readonly polls: number;
}

/**
 * Formats the device named by `options.confirm` (a `ConfirmationError`
 * before anything is sent otherwise), then polls REQUEST SENSE until the
 * format is done. All data on the device is lost.
 */
export async function formatUnit(device: Executor, options: FormatUnitOptions): Promise<FormatUnitReport> {
  const identity = await confirmDevice(device, options.confirm, 'FORMAT UNIT', options);
  const result = await runFlowAsync(device, formatUnitFlow(options));
  const polls = (options.immediate ?? true) ? await pollUntilDone(device, options) : 0;
  options.onProgress?.({ fraction: 1, sense: undefined });
  return { identity, result, polls };
}
