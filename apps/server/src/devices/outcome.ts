/**
 * What an error from @sgio/core means for metrics and for the device's
 * lanes: its outcome label, and whether the device is gone.
 */
import {
  CheckConditionError,
  CommandCanceledError,
  CommandTimeoutError,
  DeviceClosedError,
  DeviceGoneError,
  DeviceOpenError,
  ScsiStatusError,
  TransportError,
} from '@sgio/core';
import type { CommandOutcome } from '../metrics/metrics.js';

/** The metric outcome of a failed command. */
export function outcomeOf(error: unknown): CommandOutcome {
  if (error instanceof CheckConditionError) return 'check_condition';
  if (error instanceof ScsiStatusError) return 'status';
  if (error instanceof CommandTimeoutError) return 'timeout';
  if (error instanceof TransportError) return 'transport';
  if (isGone(error)) return 'gone';
  if (error instanceof CommandCanceledError || error instanceof DeviceClosedError) return 'canceled';
  return 'error';
}

/** True when the error says the device went away (hot unplug, sysfs delete). */
export function isGone(error: unknown): boolean {
  return (
    error instanceof DeviceGoneError ||
    (error instanceof CommandCanceledError && error.reason === 'device-gone') ||
    (error instanceof DeviceOpenError && (error.kind === 'missing' || error.kind === 'not-sg'))
  );
}
