/**
 * Buffers for the data of one transfer. Not zero-filled (the device
 * overwrites every byte, and a short transfer is an error, so no stale
 * bytes escape): zero-filling fresh memory costs a page fault per page,
 * which is what dominates a copy in a virtual machine.
 */
import { addressOf, pageSize } from '@sgio/libc';

/**
 * A Buffer of `bytes` for one transfer; page-aligned when `aligned` (for
 * direct IO, where the sg driver maps the pages only if the address is
 * aligned).
 */
export function transferBuffer(bytes: number, aligned: boolean): Buffer {
  if (!aligned) return Buffer.allocUnsafeSlow(bytes);
  const page = pageSize();
  const raw = Buffer.allocUnsafeSlow(bytes + page);
  const misalignment = Number(addressOf(raw) & BigInt(page - 1));
  const offset = misalignment === 0 ? 0 : page - misalignment;
  return raw.subarray(offset, offset + bytes);
}
