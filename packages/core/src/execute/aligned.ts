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
  return alignedSlice(new Uint8Array(length + alignment), length, alignment);
}

/**
 * The `length` bytes of `backing` that start on an `alignment` boundary;
 * `backing` must be at least `length + alignment - 1` bytes. Returns the same
 * kind of view as `backing` (a Buffer for a Buffer).
 */
export function alignedSlice<T extends Uint8Array>(backing: T, length: number, alignment = pageSize()): T {
  const misalign = Number(addressOf(backing) & BigInt(alignment - 1));
  const offset = misalign === 0 ? 0 : alignment - misalign;
  return backing.subarray(offset, offset + length) as T;
}

/** True when `view` starts on an `alignment`-byte boundary. */
export function isAligned(view: Uint8Array, alignment = pageSize()): boolean {
  return (addressOf(view) & BigInt(alignment - 1)) === 0n;
}
