/**
 * Turning a completed command into success, a warning or a typed error. The
 * decision itself is struct's `outcomeOf` (one answer for core, the CLI and
 * the server); this module only picks the typed error it names.
 */
import { outcomeOf, SenseCategory } from '@sgio/struct';
import { CheckConditionError, CommandTimeoutError, MiscompareError, ReservationConflictError, ScsiStatusError, TaskAbortedError, TransportError, type ScsiError } from '../errors/scsi-errors.js';
import type { CommandResult } from './result.js';

/**
 * The error a result stands for, or undefined when it succeeded. A RECOVERED
 * ERROR (or NO SENSE) CHECK CONDITION succeeds and sets `result.warning`.
 */
export function errorFor(result: CommandResult, timeoutMs: number): ScsiError | undefined {
  const o = outcomeOf({ status: result.status, hostStatus: result.hostStatus, driverStatus: result.driverStatus, sense: result.sense });
  switch (o.failure) {
    case undefined:
      if (o.category === 'recovered' && o.sense) result.warning = o.sense.data;
      return undefined;
    case 'timeout':
      return new CommandTimeoutError(result, timeoutMs);
    case 'transport':
      return new TransportError(result);
    case 'check-condition':
      return o.errorCategory === SenseCategory.MISCOMPARE ? new MiscompareError(result, o.sense!.data) : new CheckConditionError(result, o.sense!.data, o.errorCategory!);
    case 'status':
      if (o.category === 'reservation-conflict') return new ReservationConflictError(result);
      return o.category === 'task-aborted' ? new TaskAbortedError(result) : new ScsiStatusError(result, o.errorCategory!);
  }
}
