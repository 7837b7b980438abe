/**
 * Addresses of JavaScript memory, for filling pointer fields of structs that
 * are handed to the kernel (for example `dxferp`, `cmdp` and `sbp` in an
 * sg_io_hdr).
 */
import { loadKoffi } from './bindings.js';
import type { ByteSource } from './buffers.js';

/**
 * The address of the first byte of `view` (its `byteOffset` included) as a
 * bigint.
 *
 * The backing memory of a Buffer, typed array or ArrayBuffer does not move
 * once its address has been taken (small typed arrays that V8 keeps on its
 * heap are moved out of it, permanently, by this call). The address is valid
 * as long as `view` (or another view of the same ArrayBuffer) is reachable:
 * keep a reference for as long as the kernel may use the pointer, e.g. with
 * {@link Pins}.
 */
export function addressOf(view: ByteSource): bigint {
  const koffi = loadKoffi('addressOf');
  // koffi takes typed arrays, Buffers and ArrayBuffers; a DataView goes through a byte view of the same memory.
  if (view instanceof DataView) return koffi.address(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return koffi.address(view);
}

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
