/**
 * The transport contract: how a device hands one prepared command to the
 * kernel and gets its completion back. A device (SgDevice, BsgDevice)
 * composes one transport and adds what every transport shares: option
 * normalisation, the retry loop, throwOnError and measurement, prepared
 * requests and the convenience commands.
 *
 * The unit passed is a {@link PreparedCommand}: the CDB, direction, data
 * buffer and length, transfer mode, flags, timeout and sense size, already
 * checked (`prepareCommand`). A transport runs it once (no retries) and
 * reports the completion as a {@link CommandResult} whatever the SCSI status
 * is: judging the outcome (typed SCSI errors, retries) is the device's job.
 * It rejects or throws only when the command could not run or its end could
 * not be observed: the device is closed or gone, the signal aborted, the
 * driver refused the submission (queue full, reserved buffer busy).
 *
 * Memory rule: every buffer of the command (and the header that points at
 * them) stays referenced by the transport until the kernel is done with it
 * (the completion read, or the ioctl returned), even when the promise
 * settles earlier (abort, close, timeout).
 */
import type { DeviceGoneError } from '../errors/sgio-error.js';
import type { PreparedCommand } from '../execute/prepare.js';
import type { CommandResult } from '../execute/result.js';

/** What a transport can do; devices and callers check it instead of the transport's class. */
export interface TransportCapabilities {
  /**
   * Which transport: `sg-queue` (sg v3 write/read interface with SG_IO for
   * synchronous commands), `sg-io-worker` (SG_IO on the libc worker pool, used
   * for sg fds open read-only, where the driver refuses write(), and by default
   * for fds adopted with `SgDevice.fromFd`, which other holders may share), `bsg` (sg v4
   * header through SG_IO on a bsg node), `bsg-uring` (IORING_OP_URING_CMD on
   * a bsg node: Linux 7.2+, see `io-uring/uring-transport.ts`).
   */
  readonly kind: 'sg-queue' | 'sg-io-worker' | 'bsg' | 'bsg-uring';
  /** Commands the transport keeps in flight in the kernel at once (more wait in JS or on the worker pool). */
  readonly queueDepth: number;
  /** True when mmap-ed IO through the fd's reserved buffer is possible. */
  readonly mmap: boolean;
  /** True when direct IO (the kernel maps the caller's aligned pages) is possible. */
  readonly directIo: boolean;
  /** True when the fd is open read-only. */
  readonly readOnly: boolean;
  /** True when an abort (AbortSignal) can withdraw a command that is still waiting in JS; an issued SG_IO is never withdrawn. */
  readonly abortWhileQueued: boolean;
}

/**
 * One way of running prepared commands on an open fd. See the module
 * comment for what `submit` resolves with and when it rejects.
 */
export interface ScsiTransport {
  /** What this transport supports. */
  readonly capabilities: TransportCapabilities;
  /** The error that made the device unusable (it was removed), if any: later commands fail with it. */
  readonly gone: DeviceGoneError | undefined;
  /**
   * Runs `command` once without blocking the event loop. Resolves with its
   * completion (any SCSI status); rejects with a DeviceGoneError,
   * CommandCanceledError (aborted, closed), QueueFullError or
   * TransferModeError when it could not run.
   */
  submit(command: PreparedCommand, signal?: AbortSignal): Promise<CommandResult>;
  /** Runs `command` once through SG_IO on the calling thread; throws as {@link submit} rejects. */
  submitSync(command: PreparedCommand): CommandResult;
  /**
   * Stops taking commands and settles those waiting or in flight, keeping
   * their memory referenced until the kernel is done with it. It does not
   * close the fd: the device that opened the fd closes it afterwards.
   */
  close(): Promise<void>;
}
