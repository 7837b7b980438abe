/**
 * Waiting for a long destructive operation started with IMMED (FORMAT UNIT,
 * SANITIZE): REQUEST SENSE every interval until the device stops reporting
 * the operation in progress, as sg_format and sg_sanitize do.
 */
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import { sleep } from '../device/sleep.js';
import { runFlowAsync, type Executor } from '../flows/command-step.js';
import { requestSenseFlow } from '../flows/identify-flows.js';
import { progressOf, type OperationProgress } from '../flows/progress.js';

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
