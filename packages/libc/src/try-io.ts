/**
 * Non-throwing read(2) and write(2) for hot loops on non-blocking
 * descriptors, where "nothing there yet" (EAGAIN) is an expected answer and
 * not an error. Building a {@link SystemError} costs far more than the call
 * itself, so these return the negative errno instead of throwing.
 */
import { libc, lastErrno } from './bindings.js';
import { type ByteSource, memoryOf, transferLength } from './buffers.js';

/**
 * read(2) into `buffer` (the whole buffer, or its first `length` bytes)
 * without throwing: returns the number of bytes read (0 at end of file), or
 * `-errno` when the call failed, e.g. `-EAGAIN` (-11) on a non-blocking
 * descriptor with nothing to read. Argument errors (a length past the
 * buffer) still throw, before any call.
 *
 * @example
 * ```ts
 * const n = tryRead(fd, header);
 * if (n === -EAGAIN) { ... wait with poll ... } else if (n < 0) throw new SystemError(-n, 'read', { fd });
 * ```
 */
export function tryRead(fd: number, buffer: ByteSource, length?: number): number {
  const n = libc('read').read(fd, memoryOf(buffer), transferLength('tryRead', buffer, length));
  return n < 0 ? -lastErrno() : n;
}

/**
 * write(2) from `buffer` (the whole buffer, or its first `length` bytes)
 * without throwing: returns the number of bytes written, or `-errno` when the
 * call failed (e.g. `-EAGAIN`, `-EDOM`). Argument errors still throw.
 */
export function tryWrite(fd: number, buffer: ByteSource, length?: number): number {
  const n = libc('write').write(fd, memoryOf(buffer), transferLength('tryWrite', buffer, length));
  return n < 0 ? -lastErrno() : n;
}

/**
 * ioctl(2) with a pointer to `buffer` (a struct the driver reads and fills,
 * e.g. SG_IO with an sg_io_hdr) without throwing: returns the call's
 * non-negative result, or `-errno` when it failed. For hot loops: no request
 * code normalisation (pass it as an unsigned 32-bit number), no DataView
 * conversion (pass a typed array or Buffer) and no error object built.
 */
export function tryIoctlPointer(fd: number, request: number, buffer: Uint8Array): number {
  const r = libc('ioctl').ioctlPtr(fd, request, buffer);
  return r < 0 ? -lastErrno() : r;
}
