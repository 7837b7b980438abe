/**
 * NBD_INFO_BLOCK_SIZE from what the device reports: the logical block size,
 * and the optimal and maximum transfer lengths of the Block Limits VPD page
 * (B0h).
 */
import type { BlockSizes } from '../protocol/handshake.js';

/** Largest request payload this server takes (the protocol's recommended ceiling, 32 MiB). */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

/** What {@link blockSizesFor} needs from the device. */
export interface BlockLimitsInput {
  /** Logical block size in bytes. */
  readonly blockSize: number;
  /** OPTIMAL TRANSFER LENGTH in blocks (0 or undefined: not reported). */
  readonly optimalTransferBlocks?: number | undefined;
  /** MAXIMUM TRANSFER LENGTH in blocks (0 or undefined: not reported). */
  readonly maximumTransferBlocks?: number | undefined;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Largest power of two not above `n` (n ≥ 1). */
function floorPowerOfTwo(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}

/**
 * The block sizes to advertise: minimum = the logical block size; maximum =
 * the device's maximum transfer (capped at 32 MiB, a multiple of the
 * minimum); preferred = the optimal transfer length rounded down to a power
 * of two, at least 4096 and the minimum, at most the maximum.
 *
 * @throws RangeError when the logical block size is not a power of two
 *   from 512 to 64 KiB (NBD cannot express 520- or 4160-byte blocks).
 */
export function blockSizesFor(input: BlockLimitsInput): BlockSizes {
  const minimum = input.blockSize;
  if (!isPowerOfTwo(minimum) || minimum < 512 || minimum > 65536) {
    throw new RangeError(`the device's logical block size is ${minimum} bytes; an NBD export needs a power of two from 512 to 65536`);
  }
  let maximum = MAX_REQUEST_BYTES;
  const maxBlocks = input.maximumTransferBlocks ?? 0;
  if (maxBlocks > 0) maximum = Math.min(maximum, maxBlocks * minimum);
  maximum = Math.max(minimum, Math.floor(maximum / minimum) * minimum);
  const optimal = (input.optimalTransferBlocks ?? 0) * minimum;
  let preferred = optimal > 0 ? floorPowerOfTwo(optimal) : 4096;
  preferred = Math.max(preferred, 4096, minimum);
  while (preferred > maximum && preferred > minimum) preferred /= 2;
  return { minimum, preferred, maximum };
}
