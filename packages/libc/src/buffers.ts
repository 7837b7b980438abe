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

/**
 * The memory of `buffer` in a form koffi passes as a pointer: typed arrays,
 * Buffers and ArrayBuffers as they are, a DataView as a byte view of the
 * same memory.
 */
export function memoryOf<T extends ByteSource | null>(buffer: T): Exclude<T, DataView> | Uint8Array {
  if (buffer instanceof DataView) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return buffer as Exclude<T, DataView>;
}
