/**
 * Small predicates over the three completion bytes, so callers need no
 * literals (`0x08 || 0x28`, `driverStatus & 0x0f`).
 *
 * @packageDocumentation
 */
import { DRIVER_MASK, DriverStatus } from './driver-status.js';
import { HostStatus } from './host-status.js';
import { ScsiStatus } from './scsi-status.js';

/** The DRIVER_* code of a `driver_status` value (its low nibble, suggestion bits dropped). */
export function driverCode(driverStatus: number): number {
  return driverStatus & DRIVER_MASK;
}

/**
 * True for a completion with nothing to look at: status GOOD or CONDITION
 * MET (exact byte), host DID_OK and driver code DRIVER_OK. The fast path of
 * a completion handler; allocates nothing. (A command can still succeed
 * when this is false: see `outcomeOf`.)
 */
export function isCleanCompletion(status: number, hostStatus: number, driverStatus: number): boolean {
  return (status === ScsiStatus.GOOD || status === ScsiStatus.CONDITION_MET) && hostStatus === HostStatus.DID_OK && (driverStatus & DRIVER_MASK) === DriverStatus.DRIVER_OK;
}

/** True for BUSY and TASK SET FULL (exact byte): the device asks to try again later. */
export function isBusyStatus(status: number): boolean {
  return status === ScsiStatus.BUSY || status === ScsiStatus.TASK_SET_FULL;
}

/**
 * True when host and driver status say the transport delivered the command:
 * DID_OK and a driver code of DRIVER_OK or DRIVER_SENSE (sense data came back).
 */
export function isTransportOk(hostStatus: number, driverStatus: number): boolean {
  const driver = driverStatus & DRIVER_MASK;
  return hostStatus === HostStatus.DID_OK && (driver === DriverStatus.DRIVER_OK || driver === DriverStatus.DRIVER_SENSE);
}
