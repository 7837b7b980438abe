/**
 * The error family of @sgio/libc. Every error has a stable `code`:
 *
 * - {@link SystemError}: a failed system call, shaped like Node's own system
 *   errors (`code` is the errno name, plus `errno`, `syscall`, `path`).
 * - {@link UnsupportedPlatformError}: a binding was called where it cannot run.
 * - {@link MappingClosedError}: a {@link Mapping} method was called after `close()`.
 * - {@link MappingPastEndError}: a file mapping would extend past the end of file.
 */
import { errnoDescription, errnoName } from './errno.js';

/** Base class of every error this package throws. */
export class LibcError extends Error {
  /** A stable, machine-readable code. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Extra facts about a failed call, used for the message and the hint. */
export interface SystemErrorContext {
  /** The file the call was about, when known. */
  path?: string;
  /** The file descriptor the call was made on. */
  fd?: number;
  /** The ioctl request code. */
  request?: number;
  /** The address the call was made on (memory calls). */
  address?: bigint;
  /** What the caller was trying to do, in plain words, prepended to the message. */
  detail?: string;
  /** An explanation to use instead of the built-in one. */
  hint?: string;
  /** True when the error was raised by argument checks before any system call. */
  beforeCall?: boolean;
}

/**
 * A failed system call. Like Node's system errors it has `code` (`'ENOMEM'`),
 * `errno`, `syscall` and, when known, `path`. Unlike Node, `errno` is the
 * positive C value (`12`), which is what the kernel and `<errno.h>` use.
 * `hint` says what usually causes this error and what to do about it.
 */
export class SystemError extends LibcError {
  /** The positive errno value, as in `<errno.h>`. */
  readonly errno: number;
  /** The system call (or libc function) that failed, e.g. `'msync'`. */
  readonly syscall: string;
  /** The path involved, when known. */
  declare readonly path?: string;
  /** The file descriptor involved, when known. */
  declare readonly fd?: number;
  /** The ioctl request code, for ioctl failures. */
  declare readonly request?: number;
  /** The memory address involved, for memory calls. */
  declare readonly address?: bigint;
  /** The likely cause and what to do. */
  declare readonly hint?: string;
  /** True when argument checks refused the call before reaching the kernel. */
  readonly beforeCall: boolean;

  constructor(errno: number, syscall: string, context: SystemErrorContext = {}) {
    const n = Math.abs(errno);
    const code = errnoName(n);
    const hint = context.hint ?? hintFor(code, syscall, context);
    let message = `${code}: ${errnoDescription(n)}, ${syscall}`;
    if (context.request !== undefined) message += ` 0x${context.request.toString(16)}`;
    if (context.path !== undefined) message += ` '${context.path}'`;
    else if (context.fd !== undefined) message += ` (fd ${context.fd})`;
    if (context.detail) message += `: ${context.detail}`;
    if (hint) message += `. ${hint}`;
    super(code, message);
    this.errno = n;
    this.syscall = syscall;
    if (context.path !== undefined) this.path = context.path;
    if (context.fd !== undefined) this.fd = context.fd;
    if (context.request !== undefined) this.request = context.request;
    if (context.address !== undefined) this.address = context.address;
    if (hint) this.hint = hint;
    this.beforeCall = context.beforeCall ?? false;
  }
}

const MEMORY_CALLS = new Set(['mmap', 'munmap', 'msync', 'madvise', 'mprotect', 'mlock', 'munlock', 'mincore', 'mremap']);

/**
 * The built-in explanation for the common failures. Returns undefined when
 * there is nothing more useful to say than the errno description.
 */
export function hintFor(code: string, syscall: string, context: SystemErrorContext = {}): string | undefined {
  const onDevice = context.path?.startsWith('/dev/') ?? false;
  switch (code) {
    case 'EACCES':
      if (syscall === 'mmap') {
        return 'The protection asks for more than the descriptor allows: PROT_WRITE with MAP_SHARED needs a descriptor opened O_RDWR, and any file mapping needs it readable';
      }
      if (onDevice) {
        return 'Permission denied on a device node: run as root, add the user to the group that owns the node (often "disk"), or change its mode with a udev rule';
      }
      return 'Check the file permissions and the open flags';
    case 'EPERM':
      if (syscall === 'mlock' || syscall === 'munlock') return 'Locking memory needs CAP_IPC_LOCK or a larger RLIMIT_MEMLOCK (ulimit -l)';
      if (onDevice || syscall === 'ioctl') return 'The operation needs privileges (root or CAP_SYS_RAWIO / CAP_SYS_ADMIN)';
      return undefined;
    case 'EBUSY':
      if (syscall === 'ioctl') {
        return 'The device is busy. A buffer cannot change size while it is memory-mapped: for the sg driver, SG_SET_RESERVED_SIZE fails after any mmap() on the descriptor, so set it first or use another descriptor';
      }
      return 'The device or file is in use by someone else, or a mapping of it still exists';
    case 'EBADF':
      return context.fd !== undefined && context.fd < 0
        ? 'The file descriptor is negative: the open probably failed earlier'
        : 'The file descriptor is not open (closed already?) or was not opened for this kind of access';
    case 'ENOENT':
      return onDevice ? 'The device node does not exist: is the driver loaded (modprobe sg) and the device present?' : undefined;
    case 'ENXIO':
    case 'ENODEV':
      return onDevice || syscall === 'mmap'
        ? 'The device is gone or does not support this operation (mmap needs a driver that implements it)'
        : undefined;
    case 'ENOTTY':
      return 'The file does not understand this ioctl request: wrong kind of device, or the request code is wrong for this architecture';
    case 'ENOMEM':
      if (syscall === 'mmap') return 'The mapping is larger than the object allows (for sg: the reserved buffer size) or the address space / map count is exhausted';
      if (MEMORY_CALLS.has(syscall)) return 'The range is not (entirely) mapped in this process, or the kernel ran out of memory';
      return undefined;
    case 'EINVAL':
      if (syscall === 'msync') return 'msync needs a page-aligned address, a non-empty range and exactly one of MS_SYNC or MS_ASYNC';
      if (syscall === 'mmap') return 'mmap needs a length above 0, an offset that is a page multiple, and exactly one of MAP_SHARED, MAP_SHARED_VALIDATE or MAP_PRIVATE';
      if (MEMORY_CALLS.has(syscall)) return 'The address must be page-aligned, the length above 0 and the flags valid for this call';
      return undefined;
    case 'EAGAIN':
      return 'The descriptor is non-blocking and nothing is ready: wait with poll() and retry';
    case 'EINTR':
      return 'A signal interrupted the call: retry it';
    case 'EFAULT':
      return 'A pointer passed to the call (or inside a structure passed to it) is invalid';
    case 'EMFILE':
    case 'ENFILE':
      return 'Too many open files: close descriptors you no longer need or raise the limit (ulimit -n)';
    default:
      return undefined;
  }
}

/** Thrown when a binding is called on a platform the package does not support. */
export class UnsupportedPlatformError extends LibcError {
  /** `process.platform` at the time of the call. */
  readonly platform: string;
  /** `process.arch` at the time of the call. */
  readonly arch: string;

  constructor(what: string, platform: string, arch: string, reason: string) {
    super(
      'ERR_UNSUPPORTED_PLATFORM',
      `${what}() is not available on ${platform}/${arch}: unsupported platform (${reason}). @sgio/libc supports Linux with glibc on x86_64 and aarch64.`,
    );
    this.platform = platform;
    this.arch = arch;
  }
}

/** Thrown when a method of a closed {@link Mapping} is called. */
export class MappingClosedError extends LibcError {
  constructor(method: string) {
    super('ERR_MAPPING_CLOSED', `Mapping.${method}() was called after close(): the mapping no longer exists. Create a new mapping with mmap().`);
  }
}

/**
 * Thrown by `mmap()` when a mapping of a regular file would extend past the
 * end of the file: touching those pages would kill the process with SIGBUS.
 */
export class MappingPastEndError extends LibcError {
  /** The size of the file when it was checked. */
  readonly fileSize: number;
  /** The end of the requested range (offset + length). */
  readonly end: number;

  constructor(fileSize: number, end: number, path?: string) {
    super(
      'ERR_MAPPING_PAST_EOF',
      `mmap refused: the range ends at byte ${end} but the file${path ? ` '${path}'` : ''} has only ${fileSize} bytes; touching the pages past the end would kill the process with SIGBUS. Grow the file first (ftruncate) or map a smaller length.`,
    );
    this.fileSize = fileSize;
    this.end = end;
  }
}

/** Thrown by argument checks with the offending argument named. */
export class InvalidArgumentError extends LibcError {
  constructor(message: string) {
    super('ERR_INVALID_ARG_VALUE', message);
  }
}
