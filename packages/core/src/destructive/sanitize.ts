/**
 * SANITIZE, guarded like FORMAT UNIT: the caller names the device, the
 * command is sent with IMMED (unless asked to wait) and the progress the
 * device reports in REQUEST SENSE (NOT READY, SANITIZE IN PROGRESS, with a
 * progress indication) is polled until it ends, as sg_sanitize does.
 */
import { encodeSanitizeOverwrite, sanitize as sanitizeCdb, SANITIZE_SERVICE_ACTION, type SanitizeAction, type SanitizeOverwrite } from '@sgio/struct';
import { BlockRequestError } from '../commands/command-errors.js';
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import type { CommandResult } from '../execute/result.js';
import { step, type CommandFlow, type Executor } from '../flows/command-step.js';
import { runGuardedOperation, type GuardedOperationOptions, type GuardedOperationReport } from './progress-poll.js';

/** Options of {@link sanitizeFlow}. */
export interface SanitizeFlowOptions extends CommandOptions {
  /** How: `overwrite` (needs `overwrite`), `blockErase`, `cryptographicErase`, or `exitFailureMode`. */
  readonly action: SanitizeAction;
  /** OVERWRITE's parameters (pattern, passes, INVERT, TEST); only with `action: 'overwrite'`. */
  readonly overwrite?: SanitizeOverwrite;
  /** Return at once and let the caller poll progress (IMMED; default true). */
  readonly immediate?: boolean;
  /** AUSE: allow EXIT FAILURE MODE if this sanitize fails (default false). */
  readonly ause?: boolean;
  /** ZNR: a zoned device keeps its zones as they are (default false). */
  readonly znr?: boolean;
}

/** The SANITIZE command alone (no guard), with OVERWRITE's parameter list when the action is `overwrite`. */
export function* sanitizeFlow(options: SanitizeFlowOptions): CommandFlow<CommandResult> {
  const action = options.action;
  if (!Object.hasOwn(SANITIZE_SERVICE_ACTION, action)) {
    throw new BlockRequestError(`sanitize(): action is one of ${Object.keys(SANITIZE_SERVICE_ACTION).join(', ')}, got ${String(action)}`);
  }
  if ((action === 'overwrite') !== (options.overwrite !== undefined)) {
    throw new BlockRequestError(action === 'overwrite' ? 'sanitize(): overwrite needs its parameters (at least the pattern)' : `sanitize(): overwrite parameters go only with action 'overwrite', not '${action}'`);
  }
  const data = options.overwrite ? encodeSanitizeOverwrite(options.overwrite) : undefined;
  const fields = {
    immed: options.immediate ?? true,
    ause: options.ause ?? false,
    znr: options.znr ?? false,
    serviceAction: SANITIZE_SERVICE_ACTION[action],
    parameterListLength: data?.length ?? 0,
  };
  return yield step(sanitizeCdb, fields, { ...commandOptions(options), ...(data ? { data } : {}) });
}

/** Options of {@link sanitize}. */
export interface SanitizeOptions extends SanitizeFlowOptions, GuardedOperationOptions {}

/** What a sanitize did: the device, SANITIZE's result, the progress polls. */
export type SanitizeReport = GuardedOperationReport;

/**
 * Sanitizes the device named by `options.confirm` (a `ConfirmationError`
 * before anything is sent otherwise), then polls REQUEST SENSE until the
 * sanitize is done (unless `pollProgress` is false). All user data on the
 * device is lost, for good.
 */
export function sanitize(device: Executor, options: SanitizeOptions): Promise<SanitizeReport> {
  return runGuardedOperation(device, 'SANITIZE', () => sanitizeFlow(options), options);
}
