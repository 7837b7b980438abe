/**
 * `base:allocation` extents from GET LBA STATUS descriptors: mapped blocks
 * are allocated data, deallocated blocks a hole (reading zeros when the
 * device says LBPRZ), anchored blocks have resources but no data (zeros
 * when LBPRZ).
 */
import type { LbaStatusDescriptor } from '@sgio/struct';
import { AllocationState } from '../protocol/constants.js';
import type { Extent } from '../protocol/transmission.js';

/** GET LBA STATUS provisioning status codes (SBC-5). */
const PROVISIONING = { MAPPED: 0, DEALLOCATED: 1, ANCHORED: 2 } as const;

/** The base:allocation flags of one provisioning status. */
export function allocationFlags(provisioningStatus: number, readsZeros: boolean): number {
  const zero = readsZeros ? AllocationState.ZERO : 0;
  switch (provisioningStatus) {
    case PROVISIONING.DEALLOCATED:
      return AllocationState.HOLE | zero;
    case PROVISIONING.ANCHORED:
      return zero;
    default:
      return 0; // mapped, or "mapped or unknown"
  }
}

/** Options of {@link extentsFromLbaStatus}. */
export interface ExtentsRequest {
  /** First byte asked for (a multiple of the block size). */
  readonly offset: bigint;
  /** Bytes asked for. */
  readonly length: number;
  /** Logical block size. */
  readonly blockSize: number;
  /** Deallocated and anchored blocks read as zeros (LBPRZ). */
  readonly readsZeros: boolean;
  /** At most one extent (NBD_CMD_FLAG_REQ_ONE). */
  readonly one: boolean;
}

/**
 * Extents covering `[offset, offset + length)` from its start, merged where
 * neighbours have the same flags, clipped to the request. Descriptors that
 * do not reach the start give one allocated extent of the whole request (a
 * device that answers nothing useful is treated as fully allocated). The
 * extents may cover less than the request when the descriptors stop early.
 */
export function extentsFromLbaStatus(descriptors: readonly LbaStatusDescriptor[], request: ExtentsRequest): Extent[] {
  const bs = BigInt(request.blockSize);
  const end = request.offset + BigInt(request.length);
  const out: { length: bigint; flags: number }[] = [];
  let at = request.offset;
  for (const d of descriptors) {
    if (at >= end) break;
    const start = d.lba * bs;
    const stop = start + BigInt(d.numberOfBlocks) * bs;
    if (stop <= at) continue;
    if (start > at) break; // a gap: report only what is known contiguously
    const take = (stop < end ? stop : end) - at;
    const flags = allocationFlags(d.provisioningStatus, request.readsZeros);
    const last = out[out.length - 1];
    if (last && last.flags === flags) last.length += take;
    else out.push({ length: take, flags });
    at += take;
  }
  if (out.length === 0) return [{ length: request.length, flags: 0 }];
  const extents = out.map((e) => ({ length: Number(e.length), flags: e.flags }));
  return request.one ? extents.slice(0, 1) : extents;
}
