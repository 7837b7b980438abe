/**
 * What an error from @sgio/core means for metrics and for the device's
 * lanes: its outcome label, and whether the device is gone. Both are
 * look-ups: struct's `outcomeOf` for errors that carry a command's result,
 * core's error table for the others.
 */
import { describeError, type CommandResult } from '@sgio/core';
import { outcomeOf as completionOutcome, type OutcomeFailure } from '@sgio/struct';
import type { CommandOutcome } from '../metrics/metrics.js';

/** The metric label of each kind of failed completion. */
const FAILURE_LABEL: Readonly<Record<OutcomeFailure, CommandOutcome>> = {
  'check-condition': 'check_condition',
  status: 'status',
  timeout: 'timeout',
  transport: 'transport',
};

/** The metric label of the errors without a failed completion, by their problem slug. */
const SLUG_LABEL: Readonly<Record<string, CommandOutcome>> = {
  'command-timeout': 'timeout',
  'transport-error': 'transport',
  'device-gone': 'gone',
  canceled: 'canceled',
};

/** The metric outcome of a failed command. */
export function outcomeOf(error: unknown): CommandOutcome {
  const result = (error as { result?: CommandResult } | null | undefined)?.result;
  if (result !== undefined) {
    const failure = completionOutcome({ status: result.status, hostStatus: result.hostStatus, driverStatus: result.driverStatus, sense: result.senseBytes }).failure;
    if (failure !== undefined) return FAILURE_LABEL[failure];
  }
  return SLUG_LABEL[describeError(error).slug] ?? 'error';
}

/** True when the error says the device went away (hot unplug, sysfs delete). */
export function isGone(error: unknown): boolean {
  return describeError(error).slug === 'device-gone';
}
