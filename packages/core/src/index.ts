/**
 * @sgio/core — drive SCSI devices through the Linux sg driver: open and
 * identify a device, run commands synchronously or through the async queue,
 * use the reserved buffer with mmap-ed IO or direct IO, and get typed SCSI
 * errors.
 *
 * @packageDocumentation
 */
export { listDevices, parseHctl, sgNodeForBlockDevice, type ListDevicesOptions, type SgDeviceInfo } from './discovery/list-devices.js';
export { SgDevice, type OpenOptions, type ScsiId } from './device/sg-device.js';
export { CommandResult, type ActualTransfer, type RequestedTransfer, type RetryRecord } from './execute/result.js';
export { DEFAULT_RETRY_POLICY, type ExecuteOptions, type RetryPolicy, type TransferMode } from './execute/options.js';
export { DEFAULT_TIMEOUT_MS, DEFAULT_SENSE_LENGTH, MAX_SENSE_LENGTH as MAX_SG_SENSE_LENGTH } from './execute/prepare.js';
export type { QueueStats } from './queue/async-queue.js';
export {
  SgioError,
  DeviceOpenError,
  DeviceClosedError,
  DeviceGoneError,
  CommandCanceledError,
  TransferModeError,
  ReservedBufferBusyError,
  QueueFullError,
  type OpenFailureKind,
} from './errors/sgio-error.js';
export { ScsiError, CheckConditionError, ScsiStatusError, TransportError, CommandTimeoutError, TRANSPORT_ERROR_CATEGORY } from './errors/scsi-errors.js';
