/**
 * Page-aligned buffers for direct IO: the sg driver maps the caller's pages
 * straight into the request only when the buffer's address (and length) meet
 * the device queue's alignment, otherwise it silently copies.
 */
import { addressOf, pageSize } from '@sgio/libc';

/**
 * A zeroed `length`-byte buffer whose first byte sits on a page boundary
 * (`alignment` bytes, default the page size). The memory lives outside the
 * V8 heap and does not move.
 */
export function alignedBuffer(length: number, alignment = pageSize()): Uint8Array {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`alignedBuffer: length must be a byte count, got ${length}`);
  if (!Number.isInteger(alignment) || alignment < 1 || (alignment & (alignment - 1)) !== 0) {
    throw new RangeError(`alignedBuffer: alignment must be a power of two, got ${alignment}`);
  }
  const backing = new ArrayBuffer(length + alignment);
  const misalign = Number(addressOf(backing) & BigInt(alignment - 1));
  return new Uint8Array(backing, misalign === 0 ? 0 : alignment - misalign, length);
}

/** True when `view` starts on an `alignment`-byte boundary. */
export function isAligned(view: Uint8Array, alignment = pageSize()): boolean {
  return (addressOf(view) & BigInt(alignment - 1)) === 0n;
}
