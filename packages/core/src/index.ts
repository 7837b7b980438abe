/**
 * @sgio/core — drive SCSI devices through the Linux sg driver: open and
 * identify a device, run commands synchronously or through the async queue,
 * use the reserved buffer with mmap-ed IO or direct IO, and get typed SCSI
 * errors.
 *
 * @packageDocumentation
 */
export { isLoopbackHost } from './net/loopback-host.js';
export { listDevices, parseHctl, sgNodeForBlockDevice, type ListDevicesOptions, type SgDeviceInfo } from './discovery/list-devices.js';
export { ScsiDevice } from './device/scsi-device.js';
export type { CommandEvent, CommandListener } from './device/command-event.js';
export { SgDevice, type FromFdOptions, type OpenOptions, type ScsiId } from './device/sg-device.js';
export type { SgAsyncRouteReport, SgAsyncVia, SgRingTransport } from './device/sg-async-route.js';
export type { ScsiTransport, TransportCapabilities } from './transport/scsi-transport.js';
export type { CommandSource, PreparedCommand } from './execute/prepare.js';
export { PreparedRequest, type RequestStatus } from './execute/prepared-request.js';
export { CommandResult, type ActualTransfer, type Completion, type RequestedTransfer, type RetryRecord } from './execute/result.js';
export { DEFAULT_RETRY_POLICY, type ExecuteOptions, type RetryPolicy, type TransferMode } from './execute/options.js';
export { DEFAULT_TIMEOUT_MS, DEFAULT_SENSE_LENGTH, MAX_SENSE_LENGTH as MAX_SG_SENSE_LENGTH } from './execute/prepare.js';
export type { QueueStats } from './transport/sg-v3/queue-stats.js';
export { configureWorkerPool, prestartWorkerPool, workerCallsPerDevice, type WorkerPoolOptions } from './transport/sg-io-worker/worker-pool-config.js';
export { reportsCapacityChange } from './device/capacity-change.js';
export { SgLanes, type LanesOptions, type LaneReadOptions, type LanesStats } from './lanes/sg-lanes.js';
export { BsgLanes, type BsgLanesOptions } from './lanes/bsg-lanes.js';
export { openLanes, type LanesChoice, type OpenLanesOptions } from './lanes/open-lanes.js';
export type { ScsiLanes } from './lanes/scsi-lanes.js';
export {
  SgioError,
  DeviceOpenError,
  DeviceClosedError,
  DeviceGoneError,
  CommandCanceledError,
  TransferModeError,
  TransportUnavailableError,
  ReservedBufferBusyError,
  QueueFullError,
  RequestInKernelError,
  type OpenFailureKind,
} from './errors/sgio-error.js';
export { ScsiError, CheckConditionError, MiscompareError, ScsiStatusError, ReservationConflictError, TaskAbortedError, TransportError, CommandTimeoutError, TRANSPORT_ERROR_CATEGORY } from './errors/scsi-errors.js';
export { ERROR_TABLE, UNKNOWN_ERROR, describeError, errorEntry, type ErrorCategory, type ErrorTableEntry } from './errors/error-table.js';
export { ScsiCommands } from './commands/scsi-commands.js';
export type { Capacity, ProtectionInfo } from './commands/capacity.js';
export type {
  CommandOptions,
  BlockOptions,
  ReadBlocksOptions,
  WriteBlocksOptions,
  ReadCapacityOptions,
  ModeSenseOptions,
  ModePageControl,
  LogSenseOptions,
  LogPageControl,
  ReportLunsOptions,
  RequestSenseOptions,
  SynchronizeCacheOptions,
  VerifyOptions,
  CompareAndWriteOptions,
  WriteSameOptions,
  UnmapOptions,
} from './commands/command-options.js';
export { BlockRequestError, ShortTransferError, ResponseDecodeError } from './commands/command-errors.js';
export { encodeUnmapList, MAX_UNMAP_DESCRIPTORS, type BlockRange } from './commands/unmap-list.js';
export { chooseCdbSize, fitsCdb10, type BlockCdbSize } from './commands/block-cdb.js';
export * from './flows/index.js';
export { loadCommandPack, loadCommandPacks, packImportTarget, PackLoadError, type LoadedPack } from './packs/load-command-packs.js';
export type { BlockIo } from './streams/block-io-device.js';
export { BlockReadStream, type BlockReadStreamOptions } from './streams/read-stream.js';
export { BlockWriteStream, type BlockWriteStreamOptions } from './streams/write-stream.js';
export type { BlockStreamOptions, ResolvedStream } from './streams/stream-options.js';
export { BsgDevice, type BsgOpenOptions, type BsgTransportChoice, type ScsiAddress } from './device/bsg-device.js';
export { bsgPathFor, sgPathForBsg, type BsgPathOptions } from './device/bsg-path.js';
export { SgIoHeader, type SgIoHeaderInit } from './kernel-memory/sg-io-header.js';
export { SgIoV4Header, type SgIoV4HeaderInit } from './kernel-memory/sg-io-v4-header.js';
export { capabilityFor, decideCommand, type PolicyAllowed, type PolicyCapability, type PolicyDecision, type PolicyRefused, type PolicySwitch, type PolicySwitches } from './policy/command-policy.js';
export * from './health/index.js';
export * from './destructive/index.js';
// libc's pool of reusable buffers, for the layers above core that may not import libc (nbd)
export { BufferPool } from '@sgio/libc';
export * from './diagnostics/index.js';
export { probeUringPassthrough, type UringPassthroughReport } from './transport/io-uring/passthrough-probe.js';
