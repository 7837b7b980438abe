/**
 * SCSI status, Linux host status (DID_*) and driver status (DRIVER_*) names.
 *
 * @packageDocumentation
 */

export { SCSI_STATUS_NAMES, ScsiStatus, isGoodStatus, scsiStatusName, type ScsiStatusValue } from './scsi-status.js';
export { HostStatus, hostStatusName, type HostStatusName, type HostStatusValue } from './host-status.js';
export {
  DRIVER_MASK,
  DriverStatus,
  DriverSuggest,
  SUGGEST_MASK,
  decodeDriverStatus,
  driverStatusName,
  type DecodedDriverStatus,
  type DriverStatusName,
  type DriverStatusValue,
  type DriverSuggestName,
} from './driver-status.js';
export { driverCode, isBusyStatus, isCleanCompletion, isTransportOk } from './completion.js';
