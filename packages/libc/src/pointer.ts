/**
 * Addresses of JavaScript memory, for filling pointer fields of structs that
 * are handed to the kernel (for example `dxferp`, `cmdp` and `sbp` in an
 * sg_io_hdr).
 */
import { libc } from './bindings.js';
import { type ByteSource, memoryOf } from './buffers.js';

/**
 * The address of the first byte of `view` (its `byteOffset` included) as a
 * bigint.
 *
 * **The address is valid only while `view` (or another view of the same
 * ArrayBuffer) is reachable from JavaScript.** The collector cannot see an
 * address written into a struct: keep the buffer referenced until the
 * kernel is done with it (the completion was read, the ioctl returned), or
 * the kernel reads from and writes into freed memory. To build an sg
 * header, prefer `SgIoHeader` / `SgIoV4Header` of `@sgio/core`, which keep
 * the buffers alive for you.
 *
 * The backing memory of a Buffer, typed array or ArrayBuffer does not move
 * once its address has been taken (small typed arrays that V8 keeps on its
 * heap are moved out of it, permanently, by this call). The address is valid
 * as long as `view` (or another view of the same ArrayBuffer) is reachable:
 * keep a reference for as long as the kernel may use the pointer, e.g. with
 * {@link Pins}.
 */
export function addressOf(view: ByteSource): bigint {
  const memory = memoryOf(view);
  if (koffiAddressesViews !== false) {
    try {
      const address = libc('addressOf').koffi.address(memory);
      koffiAddressesViews = true;
      return address;
    } catch (e) {
      if (koffiAddressesViews === true) throw e;
      koffiAddressesViews = false; // koffi < 2.16: address() takes pointers only
    }
  }
  return BigInt(libc('addressOf').identity(memory, memory, 0));
}

/** Whether koffi.address() accepts typed arrays (koffi >= 2.16); unknown until the first call. */
let koffiAddressesViews: boolean | undefined;

/**
 * A set of buffers kept reachable while the kernel may still use their
 * addresses (for example until an asynchronous sg request completes). Pinning
 * the same buffer twice needs two unpins.
 */
export class Pins {
  readonly #counts = new Map<ByteSource, number>();

  /** Keeps `view` reachable and returns its address. */
  pin(view: ByteSource): bigint {
    this.#counts.set(view, (this.#counts.get(view) ?? 0) + 1);
    return addressOf(view);
  }

  /** Releases one pin of `view`. Returns true if the view was pinned. */
  unpin(view: ByteSource): boolean {
    const n = this.#counts.get(view);
    if (n === undefined) return false;
    if (n <= 1) this.#counts.delete(view);
    else this.#counts.set(view, n - 1);
    return true;
  }

  /** True if `view` is pinned. */
  has(view: ByteSource): boolean {
    return this.#counts.has(view);
  }

  /** The number of distinct pinned buffers. */
  get size(): number {
    return this.#counts.size;
  }

  /** Releases every pin. */
  clear(): void {
    this.#counts.clear();
  }
}
