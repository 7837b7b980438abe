/**
 * ioctl(2) in the three shapes drivers use: an integer argument, a pointer
 * to an int, and a pointer to a caller's buffer (a struct).
 *
 * Request codes are `unsigned long`: any value up to 0xFFFFFFFF works, and a
 * negative 32-bit value (a request read as a signed int) is taken modulo 2^32.
 */
import { libc, lastErrno } from './bindings.js';
import { type ByteSource, memoryOf } from './buffers.js';
import { InvalidArgumentError, SystemError } from './errors.js';

const intCell = new Int32Array(1);

function requestCode(request: number): number {
  if (!Number.isInteger(request) || request < -0x80000000 || request > 0xffffffff) {
    throw new InvalidArgumentError(`ioctl: request ${String(request)} is not a 32-bit request code`);
  }
  return request < 0 ? request >>> 0 : request;
}

function fail(fd: number, request: number): never {
  throw new SystemError(lastErrno(), 'ioctl', { fd, request });
}

/**
 * ioctl with an integer argument (passed by value as a C `long`).
 * Returns the call's non-negative result.
 */
export function ioctlInt(fd: number, request: number, value: number | bigint = 0): number {
  const req = requestCode(request);
  const r = libc('ioctl').ioctlInt(fd, req, value);
  if (r < 0) fail(fd, req);
  return r;
}

/**
 * ioctl with a pointer to the caller's memory (a struct the driver reads
 * and/or fills), e.g. `SG_IO` with an sg_io_hdr or `SG_GET_SCSI_ID`.
 * The memory is passed without copying. Returns the call's result.
 */
export function ioctlPointer(fd: number, request: number, buffer: ByteSource | null): number {
  const req = requestCode(request);
  const r = libc('ioctl').ioctlPtr(fd, req, memoryOf(buffer));
  if (r < 0) fail(fd, req);
  return r;
}

/**
 * ioctl with a pointer to an `int` that the driver fills, e.g.
 * `SG_GET_VERSION_NUM` or `SG_GET_RESERVED_SIZE`. Returns the int.
 */
export function ioctlGetInt(fd: number, request: number): number {
  const req = requestCode(request);
  intCell[0] = 0;
  const r = libc('ioctl').ioctlPtr(fd, req, intCell);
  if (r < 0) fail(fd, req);
  return intCell[0];
}

/**
 * ioctl with a pointer to an `int` holding `value`, e.g.
 * `SG_SET_RESERVED_SIZE` or `SG_SET_TIMEOUT`. Returns the int after the call
 * (drivers that write back a value, like a rounded size, report it there).
 */
export function ioctlSetInt(fd: number, request: number, value: number): number {
  const req = requestCode(request);
  intCell[0] = value;
  const r = libc('ioctl').ioctlPtr(fd, req, intCell);
  if (r < 0) fail(fd, req);
  return intCell[0];
}

/**
 * ioctl(2), choosing the argument shape from `arg`: a buffer or typed array
 * is passed as a pointer to its memory, a number or bigint by value, and
 * null/undefined as a null argument. Returns the call's result.
 */
export function ioctl(fd: number, request: number, arg?: ByteSource | number | bigint | null): number {
  if (arg === undefined || arg === null) return ioctlPointer(fd, request, null);
  if (typeof arg === 'number' || typeof arg === 'bigint') return ioctlInt(fd, request, arg);
  return ioctlPointer(fd, request, arg);
}
