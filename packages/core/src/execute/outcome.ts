/**
 * Turning a completed command into success, a warning or a typed error.
 */
import { SenseCategory, SenseKey, classifyOutcome } from '@sgio/struct';
import { CheckConditionError, CommandTimeoutError, ScsiStatusError, TransportError, type ScsiError } from '../errors/scsi-errors.js';
import type { CommandResult } from './result.js';

const CHECK_CONDITION = 0x02;
const DID_TIME_OUT = 0x03;
const DRIVER_TIMEOUT = 0x06;
const DRIVER_SENSE = 0x08;

/**
 * The error a result stands for, or undefined when it succeeded. A RECOVERED
 * ERROR (or NO SENSE) CHECK CONDITION succeeds and sets `result.warning`.
 */
export function errorFor(result: CommandResult, timeoutMs: number): ScsiError | undefined {
  const host = result.hostStatus;
  const driver = result.driverStatus & 0x0f;
  if (host === DID_TIME_OUT || driver === DRIVER_TIMEOUT) return new CommandTimeoutError(result, timeoutMs);
  if (host !== 0) return new TransportError(result);
  const sense = result.sense;
  if (result.status === CHECK_CONDITION || (sense && driver === DRIVER_SENSE)) {
    if (!sense) return new ScsiStatusError(result, SenseCategory.OTHER);
    if (sense.senseKey === SenseKey.RECOVERED_ERROR || (sense.senseKey === SenseKey.NO_SENSE && !sense.eom && !sense.filemark && !sense.ili)) {
      result.warning = sense;
      return undefined;
    }
    const category = classifyOutcome({ status: result.status, hostStatus: host, driverStatus: result.driverStatus, sense });
    return new CheckConditionError(result, sense, category);
  }
  if (result.status !== 0 && result.status !== 0x04) {
    return new ScsiStatusError(result, classifyOutcome({ status: result.status, hostStatus: host, driverStatus: result.driverStatus }));
  }
  if (driver !== 0 && driver !== DRIVER_SENSE) return new TransportError(result);
  return undefined;
}
