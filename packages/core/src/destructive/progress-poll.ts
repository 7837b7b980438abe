/**
 * Waiting for a long destructive operation started with IMMED (FORMAT UNIT,
 * SANITIZE): REQUEST SENSE every interval until the device stops reporting
 * the operation in progress, as sg_format and sg_sanitize do.
 */
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import { sleep } from '../device/sleep.js';
import type { CommandResult } from '../execute/result.js';
import { runFlowAsync, type CommandFlow, type Executor } from '../flows/command-step.js';
import { requestSenseFlow } from '../flows/identify-flows.js';
import { progressOf, type OperationProgress } from '../flows/progress.js';
import { confirmDevice, type DeviceIdentity } from './confirmation.js';

/** How to poll. */
export interface ProgressPollOptions extends CommandOptions {
  /** Time between progress polls (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Called after each poll with the fraction done (undefined when the device does not say), and once with 1 at the end. */
  readonly onProgress?: (progress: OperationProgress) => void;
  /** Stops waiting (the operation itself goes on in the device). */
  readonly signal?: AbortSignal;
}

/** Polls REQUEST SENSE until no operation is in progress; resolves with the number of polls. */
export async function pollUntilDone(device: Executor, options: ProgressPollOptions): Promise<number> {
  const interval = options.pollIntervalMs ?? 1000;
  let polls = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const { decoded } = await runFlowAsync(device, requestSenseFlow(commandOptions(options)));
    polls++;
    const progress = progressOf(decoded);
    if (progress === undefined) break;
    options.onProgress?.(progress);
    await sleep(interval);
  }
  return polls;
}

/** Options of a guarded long operation (FORMAT UNIT, SANITIZE). */
export interface GuardedOperationOptions extends ProgressPollOptions {
  /** The device's unit serial number or WWN: required, checked before anything is sent. */
  readonly confirm: string | undefined;
  /** The command was sent with IMMED, so it returns at once and the progress is polled (default true). */
  readonly immediate?: boolean;
  /** With `immediate`, poll REQUEST SENSE until the operation ends (default true); false returns once it has started. */
  readonly pollProgress?: boolean;
}

/** What a guarded long operation did. */
export interface GuardedOperationReport {
  /** The device it ran on. */
  readonly identity: DeviceIdentity;
  /** The command's result. */
  readonly result: CommandResult;
  /** Progress polls made after the command returned. */
  readonly polls: number;
}

/**
 * Confirms the device (a `ConfirmationError` naming `what`, before anything
 * is sent), runs `flow`, then with `immediate` polls its progress to the end.
 */
export async function runGuardedOperation(device: Executor, what: string, flow: () => CommandFlow<CommandResult>, options: GuardedOperationOptions): Promise<GuardedOperationReport> {
  const identity = await confirmDevice(device, options.confirm, what, options);
  const result = await runFlowAsync(device, flow());
  const immediate = options.immediate ?? true;
  if (immediate && options.pollProgress === false) return { identity, result, polls: 0 };
  const polls = immediate ? await pollUntilDone(device, options) : 0;
  options.onProgress?.({ fraction: 1, sense: undefined });
  return { identity, result, polls };
}
