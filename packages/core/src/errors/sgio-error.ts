/**
 * The error family of @sgio/core. Every error has a stable `code` and a
 * message that says what went wrong and what to do next.
 */

/** Base class of every error @sgio/core throws (system errors from @sgio/libc pass through). */
export class SgioError extends Error {
  /** Stable, machine-readable code. */
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Why a path could not be opened as an sg device. */
export type OpenFailureKind =
  | 'missing'
  | 'permission'
  | 'regular-file'
  | 'directory'
  | 'block-device'
  | 'char-device'
  | 'not-sg'
  | 'busy'
  | 'bad-fd'
  | 'fd-owned'
  | 'other';

/** The code of each open failure that is not simply `ENOTSG`. */
const OPEN_FAILURE_CODES: Partial<Record<OpenFailureKind, string>> = {
  missing: 'ENOENT',
  permission: 'EACCES',
  busy: 'EBUSY',
  'bad-fd': 'EBADF',
  'fd-owned': 'ERR_FD_OWNED',
  other: 'EOPEN',
};

/**
 * The path (or, for `SgDevice.fromFd`, the file descriptor) is not an sg
 * device, or cannot be opened; the message says what it is instead. The
 * `code` follows from the `kind`: `ENOENT` (missing), `EACCES`
 * (permission), `EBUSY` (busy), `EBADF` (bad-fd: not an open file
 * descriptor), `ERR_FD_OWNED` (fd-owned: another open SgDevice of this
 * thread already closes that fd), `EOPEN` (other), `ENOTSG` (the rest).
 */
export class DeviceOpenError extends SgioError {
  /** What the path turned out to be. */
  readonly kind: OpenFailureKind;
  /** The path given. */
  readonly path: string;
  /** The sg node to use instead, when one is known (for a block device). */
  readonly suggestion?: string;
  constructor(kind: OpenFailureKind, path: string, message: string, options?: ErrorOptions & { suggestion?: string }) {
    const code = OPEN_FAILURE_CODES[kind] ?? 'ENOTSG';
    super(code, message, options);
    this.kind = kind;
    this.path = path;
    if (options?.suggestion !== undefined) this.suggestion = options.suggestion;
  }
}

/** A method was called on a device after `close()`. */
export class DeviceClosedError extends SgioError {
  constructor(path: string, what: string) {
    super('ERR_DEVICE_CLOSED', `${what}: ${path} is closed; open it again with SgDevice.open().`);
  }
}

/** The device went away (hot unplug, sysfs delete): nothing more can be done with this handle. */
export class DeviceGoneError extends SgioError {
  constructor(path: string, detail = '', options?: ErrorOptions) {
    super(
      'ERR_DEVICE_GONE',
      `${path} is gone (the device was removed or went offline)${detail ? `: ${detail}` : ''}. Close this handle; list the devices again (listDevices()) to find it if it comes back.`,
      options,
    );
  }
}

/** A command was canceled before it completed: by its AbortSignal, or because the device was closed. */
export class CommandCanceledError extends SgioError {
  /** What canceled it. */
  readonly reason: 'aborted' | 'closed' | 'device-gone';
  constructor(reason: CommandCanceledError['reason'], command: string, options?: ErrorOptions) {
    super(
      'ERR_CANCELED',
      reason === 'aborted'
        ? `${command} was aborted by its AbortSignal; the device may still complete it (its late completion is discarded).`
        : reason === 'closed'
          ? `${command} was canceled because the device was closed while it was queued or in flight.`
          : `${command} was canceled because the device is gone.`,
      options,
    );
    this.reason = reason;
  }
}

/**
 * A transfer-mode request the driver cannot serve safely, checked before
 * submission because the driver itself does not check: mmap IO without a
 * mapping (`ERR_MMAP_NOT_MAPPED`), with a closed mapping
 * (`ERR_MMAP_CLOSED`), with a mapping shorter than the transfer
 * (`ERR_MMAP_TOO_SHORT`), while the reserved buffer is busy
 * (`ERR_RESERVED_BUSY`), or direct and mmap IO combined
 * (`ERR_TRANSFER_MODE`).
 */
export class TransferModeError extends SgioError {
  constructor(message: string, code = 'ERR_TRANSFER_MODE', options?: ErrorOptions) {
    super(code, message, options);
  }
}

/**
 * The transport asked for cannot run here (`ERR_TRANSPORT_UNAVAILABLE`):
 * `BsgDevice.open(path, { transport: 'io_uring' })` on a kernel whose bsg
 * has no io_uring passthrough handler (before Linux 7.2), or whose io_uring
 * is off. The message says why; `transport: 'auto'` falls back to SG_IO.
 */
export class TransportUnavailableError extends SgioError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_TRANSPORT_UNAVAILABLE', message, options);
  }
}

/**
 * SG_SET_RESERVED_SIZE was refused: the sg driver answers EBUSY once the fd's
 * reserved buffer has been mmap-ed (ever, even if unmapped since) or while a
 * request uses it.
 */
export class ReservedBufferBusyError extends SgioError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_RESERVED_MAPPED', message, options);
  }
}

/** The fd already has 16 requests outstanding (the sg driver's limit, EDOM). */
export class QueueFullError extends SgioError {
  constructor(path: string, options?: ErrorOptions) {
    super(
      'ERR_QUEUE_FULL',
      `${path}: the sg driver already has 16 requests outstanding on this fd (EDOM). Wait for asynchronous commands to finish before executeSync(), or open another fd (SgLanes).`,
      options,
    );
  }
}

/**
 * A prepared request was run again while the kernel still holds its previous
 * run: that run outlived its timeout and the grace after it (its promise was
 * rejected with a timeout), and the driver has not returned it yet. Its data
 * would still land in the request's buffer, so the request cannot run before
 * it has.
 */
export class RequestInKernelError extends SgioError {
  constructor(command: string, options?: ErrorOptions) {
    super(
      'ERR_REQUEST_IN_KERNEL',
      `${command}: this prepared request's previous run is still in the kernel (it outlived its timeout); it can run again once the device returns it. Prepare another request to go on now.`,
      options,
    );
  }
}
