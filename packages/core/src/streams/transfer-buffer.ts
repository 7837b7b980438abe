/**
 * Buffers for the data of one transfer. Not zero-filled (the device
 * overwrites every byte, and a short transfer is an error, so no stale
 * bytes escape): zero-filling fresh memory costs a page fault per page,
 * which is what dominates a copy in a virtual machine.
 */
import { pageSize } from '@sgio/libc';
import { alignedSlice } from '../execute/aligned.js';

/**
 * A Buffer of `bytes` for one transfer; page-aligned when `aligned` (for
 * direct IO, where the sg driver maps the pages only if the address is
 * aligned).
 */
export function transferBuffer(bytes: number, aligned: boolean): Buffer {
  if (!aligned) return Buffer.allocUnsafeSlow(bytes);
  const page = pageSize();
  return alignedSlice(Buffer.allocUnsafeSlow(bytes + page), bytes, page);
}
