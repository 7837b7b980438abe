/**
 * The address of the data buffer a slot handed to the kernel last, kept
 * with the buffer: prepared requests and hot loops pass the same buffer
 * every time, and taking an address is a native call.
 *
 * Safe to reuse because a buffer's memory does not move once its address
 * was taken, and the cache keeps the buffer referenced, so its memory cannot
 * be freed and reused by another buffer while the address is held. A
 * detached buffer has length 0 and is never passed here (callers pass data
 * only when a command moves bytes).
 */
import { addressOf } from '@sgio/libc';

/** One slot's last data buffer and its address. */
export class LastBufferAddress {
  #buffer: Uint8Array | undefined;
  #address = 0n;

  /** The address of `buffer`, taken again only when it is not the buffer of the last call. */
  of(buffer: Uint8Array): bigint {
    if (buffer !== this.#buffer) {
      this.#address = addressOf(buffer);
      this.#buffer = buffer;
    }
    return this.#address;
  }
}
