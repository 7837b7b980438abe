/**
 * The UNIT ATTENTION "capacity data has changed" (ASC 2Ah, ASCQ 09h): the
 * device's size or block length changed since it was last read. A cached
 * capacity is stale from then on. Under the default retry policy the
 * command that met it is retried and succeeds, so callers that cache the
 * capacity watch for it with an `onCommand` listener.
 */
import { SenseKey } from '@sgio/struct';
import type { CommandResult } from '../execute/result.js';

/** True when `result` ended in UNIT ATTENTION, capacity data has changed (2Ah/09h). */
export function reportsCapacityChange(result: CommandResult): boolean {
  const sense = result.sense;
  return sense !== undefined && sense.senseKey === SenseKey.UNIT_ATTENTION && sense.asc === 0x2a && sense.ascq === 0x09;
}
