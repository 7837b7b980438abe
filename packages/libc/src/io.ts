/**
 * File descriptor calls: open, close, read, write, pread, pwrite, fcntl.
 * Each throws a {@link SystemError} on failure, with errno read right after
 * the call.
 */
import { libc, lastErrno } from './bindings.js';
import { type ByteSource, checkFd, memoryOf, transferLength } from './buffers.js';
import { O_CLOEXEC, O_RDONLY } from './constants/index.js';
import { SystemError } from './errors.js';

/**
 * open(2). Returns the new file descriptor.
 * @param path - the file to open
 * @param flags - `O_*` flags; default `O_RDONLY`
 * @param mode - permission bits when the file is created; default `0o666`
 */
export function open(path: string, flags: number = O_RDONLY, mode = 0o666): number {
  const fd = libc('open').open(path, flags, mode);
  if (fd < 0) throw new SystemError(lastErrno(), 'open', { path });
  return fd;
}

/** close(2). A failed close (EBADF, EIO) throws. */
export function close(fd: number): void {
  checkFd('close', fd);
  if (libc('close').close(fd) < 0) throw new SystemError(lastErrno(), 'close', { fd });
}

/**
 * pipe2(2). Returns `[readEnd, writeEnd]`.
 * @param flags - `O_CLOEXEC`, `O_NONBLOCK`, `O_DIRECT`; default `O_CLOEXEC`
 */
export function pipe(flags: number = O_CLOEXEC): [readEnd: number, writeEnd: number] {
  const fds = new Int32Array(2);
  if (libc('pipe').pipe2(fds, flags) < 0) throw new SystemError(lastErrno(), 'pipe2');
  return [fds[0] as number, fds[1] as number];
}

/**
 * read(2) into `buffer` (the whole buffer, or its first `length` bytes).
 * Returns the number of bytes read (0 at end of file).
 */
export function read(fd: number, buffer: ByteSource, length?: number): number {
  const n = libc('read').read(fd, memoryOf(buffer), transferLength('read', buffer, length));
  if (n < 0) throw new SystemError(lastErrno(), 'read', { fd });
  return n;
}

/** write(2) from `buffer` (the whole buffer, or its first `length` bytes). Returns the bytes written. */
export function write(fd: number, buffer: ByteSource, length?: number): number {
  const n = libc('write').write(fd, memoryOf(buffer), transferLength('write', buffer, length));
  if (n < 0) throw new SystemError(lastErrno(), 'write', { fd });
  return n;
}

/** pread(2): read at file offset `position` without moving the file offset. */
export function pread(fd: number, buffer: ByteSource, position: number | bigint, length?: number): number {
  const n = libc('pread').pread(fd, memoryOf(buffer), transferLength('pread', buffer, length), position);
  if (n < 0) throw new SystemError(lastErrno(), 'pread', { fd });
  return n;
}

/** pwrite(2): write at file offset `position` without moving the file offset. */
export function pwrite(fd: number, buffer: ByteSource, position: number | bigint, length?: number): number {
  const n = libc('pwrite').pwrite(fd, memoryOf(buffer), transferLength('pwrite', buffer, length), position);
  if (n < 0) throw new SystemError(lastErrno(), 'pwrite', { fd });
  return n;
}

/**
 * fcntl(2) with an integer argument (F_GETFL, F_SETFL, F_GETFD, F_SETFD,
 * F_DUPFD, F_SETOWN, F_SETSIG, ...). Returns the call's result.
 */
export function fcntl(fd: number, cmd: number, arg = 0): number {
  const r = libc('fcntl').fcntl(fd, cmd, arg);
  if (r < 0) throw new SystemError(lastErrno(), 'fcntl', { fd });
  return r;
}
