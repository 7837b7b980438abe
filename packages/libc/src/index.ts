/**
 * @sgio/libc: koffi bindings of the Linux C library calls a device driver
 * client needs (open, read, write, ioctl, poll, mmap, msync, ...), errors
 * shaped like Node's system errors, promise variants of the blocking calls
 * and memory mappings that cannot crash the process after close.
 *
 * Importing the package never fails; on a platform other than Linux
 * x86_64/aarch64, calling a binding throws {@link UnsupportedPlatformError}.
 * @packageDocumentation
 */
export * from './constants/index.js';
export { EAGAIN, Errno, errnoDescription, errnoName, errnoNumber, errnoTable } from './errno.js';
export {
  hintFor,
  InvalidArgumentError,
  LibcError,
  MappingClosedError,
  MappingPastEndError,
  SystemError,
  type SystemErrorContext,
  UnsupportedPlatformError,
} from './errors.js';
export { assertSupportedPlatform, isSupportedPlatform, platform, type PlatformInfo, type SupportedArch } from './platform.js';
export type { ByteSource } from './buffers.js';
export type { PointerLike } from './bindings.js';
export { close, fcntl, open, pipe, pread, pwrite, read, write } from './io.js';
export { tryIoctlPointer, tryRead, tryWrite } from './try-io.js';
export { ioctl, ioctlGetInt, ioctlInt, ioctlPointer, ioctlSetInt } from './ioctl.js';
export { poll, pollOne, encodePollFds, decodePollRevents, POLLFD_SIZE, type PollFd } from './poll.js';
export { getpid, pageSize, sysconf } from './system.js';
export { addressOf, Pins } from './pointer.js';
export { Mapping, mmap, type MappingRange, type MmapOptions, type RemapOptions, type SyncOptions } from './mapping.js';
export type { MappingPiece } from './kernel-copy.js';
export { regionStats } from './regions.js';
export { BufferPool } from './buffer-pool.js';
export * as raw from './mmap.js';
export {
  getpidAsync,
  ioctlAsync,
  pollAsync,
  pollOneAsync,
  preadAsync,
  pwriteAsync,
  readAsync,
  writeAsync,
} from './async.js';
export { asyncPoolStats, callReturned, configureAsync, prestartAsync, shutdownAsync, type AsyncPoolOptions, type AsyncPoolStats, type ShutdownOptions, type SubmitOptions } from './async-pool.js';
export {
  IORING_FEAT_EXT_ARG,
  IORING_FEAT_SINGLE_MMAP,
  IORING_OP_NOP,
  IORING_OP_URING_CMD,
  IORING_SETUP_SQE128,
  IORING_SETUP_CQE32,
  ProbeRing,
  type ProbeRingOptions,
  type SqeWriter,
  type UringCompletion,
} from './io-uring.js';
export { CommandRing, completionErrno, IORING_URING_CMD_FIXED, MAX_REGISTERED_BUFFER_BYTES, MAX_REGISTERED_BUFFERS, SQE, SQE_BYTES, URING_CMD_PAYLOAD_BYTES, type CommandRingOptions, type CompletionSink } from './io-uring-command-ring.js';
