/**
 * Which logical block sizes sgiod's block I/O can move through a lane's
 * mapping. Core accepts what real devices report (256..1 MiB, 520- and
 * 528-byte formats included); the server's streaming loops move whole
 * blocks through a lane's mapped reserved buffer, so a block must fit it
 * (a larger one made the write flush loop spin forever), and its byte
 * ranges are computed for power-of-two sizes.
 */
import { ProblemError } from '../errors/problem-error.js';

/** Smallest block size the block endpoints serve. */
export const MIN_BLOCK_SIZE = 512;

/**
 * Returns `blockSize` when it is a power of two from 512 to `mappingBytes`;
 * otherwise throws a 502 problem (the device reports something this server
 * cannot stream) that says what to do.
 */
export function checkBlockSize(path: string, blockSize: number, mappingBytes: number): number {
  const power = Number.isInteger(blockSize) && blockSize > 0 && (blockSize & (blockSize - 1)) === 0;
  if (!power || blockSize < MIN_BLOCK_SIZE || blockSize > mappingBytes) {
    throw new ProblemError(
      502,
      'unsupported-block-size',
      'Unsupported block size',
      `${path} reports a logical block size of ${blockSize} bytes; the block endpoints need a power of two from ${MIN_BLOCK_SIZE} to ${mappingBytes} bytes (the lanes' mapped reserved buffer, --io-size rounded up to a page). Use the commands endpoint for this device, or raise --io-size when the size is a power of two above it.`,
    );
  }
  return blockSize;
}
