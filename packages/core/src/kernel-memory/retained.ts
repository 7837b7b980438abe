/**
 * Keeping JavaScript memory alive for the kernel. A header handed to the sg
 * or bsg driver holds bare addresses (CDB, sense, data); the garbage
 * collector cannot see them. Each header made here is tied to the buffers
 * it points at through a WeakMap keyed by the header's own ArrayBuffer: as
 * long as any view of the header's bytes is reachable, so are the buffers.
 */

/** Header memory -> the buffers its pointers refer to. */
const retained = new WeakMap<ArrayBufferLike, readonly object[]>();

/**
 * Ties `buffers` to the memory of `header`: they stay reachable for as long
 * as `header` (or any other view of its ArrayBuffer) is. Replaces what the
 * header retained before.
 */
export function retainFor(header: Uint8Array, buffers: readonly object[]): void {
  retained.set(header.buffer, buffers);
}

/** The buffers `header` keeps reachable (for tests and diagnostics). */
export function retainedBy(header: Uint8Array): readonly object[] {
  return retained.get(header.buffer) ?? [];
}
