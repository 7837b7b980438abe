/** Checks on the memory handed to system calls. */
import { InvalidArgumentError } from './errors.js';

/** Memory a call can read into or write from. */
export type ByteSource = ArrayBufferView | ArrayBuffer;

/**
 * The number of bytes to transfer: `length` if given (checked against the
 * buffer), else the whole buffer. Never lets a call run past the buffer.
 */
export function transferLength(fn: string, buffer: ByteSource, length: number | undefined): number {
  const size = buffer.byteLength;
  if (length === undefined) return size;
  if (!Number.isInteger(length) || length < 0 || length > size) {
    throw new InvalidArgumentError(`${fn}: length ${String(length)} is not an integer between 0 and the buffer size ${size}`);
  }
  return length;
}

/** Throws unless `fd` looks like a file descriptor number. */
export function checkFd(fn: string, fd: number): void {
  if (!Number.isInteger(fd)) throw new InvalidArgumentError(`${fn}: the file descriptor must be an integer, got ${String(fd)}`);
}
