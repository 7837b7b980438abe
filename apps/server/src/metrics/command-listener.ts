/**
 * The metrics side of core's `onCommand` hook: every command a lane sends
 * (each attempt) is counted by opcode, name and outcome, timed (wall
 * clock from submission to completion: the driver's own measure counts
 * whole milliseconds), its bytes
 * added and a CHECK CONDITION's sense key counted.
 */
import type { CommandEvent, CommandListener } from '@sgio/core';
import type { OutcomeCategory } from '@sgio/struct';
import type { CommandOutcome, ServerMetrics } from './metrics.js';

/** The metric label of an outcome category of struct's `outcomeOf`. */
export function outcomeLabel(category: OutcomeCategory): CommandOutcome {
  switch (category) {
    case 'good':
    case 'condition-met':
    case 'recovered':
      return 'ok';
    case 'check-condition':
    case 'check-condition-without-sense':
      return 'check_condition';
    case 'timeout':
      return 'timeout';
    case 'device-gone':
      return 'gone';
    case 'transport':
    case 'driver':
      return 'transport';
    default:
      return 'status';
  }
}

/** A listener that records the commands of `device` in `metrics`. */
export function metricsListener(metrics: ServerMetrics, device: string): CommandListener {
  return (e: CommandEvent) => {
    const outcome = outcomeLabel(e.outcome.category);
    metrics.observeCommand(device, e.cdb[0] ?? 0, e.name, outcome, e.elapsedMs / 1000, outcome === 'ok' ? { direction: e.dataOut ? 'write' : 'read', count: e.bytes } : undefined);
    const sense = e.result.sense;
    if (outcome === 'check_condition' && sense) metrics.senseErrors.inc({ sense_key: sense.senseKeyName });
  };
}
