/**
 * A block write that stopped part-way: the blocks before the failure are on
 * the device, the rest are not. The problem document says how many.
 */

/** Thrown by `DeviceAccess.writeBlocks` when a write fails after it started; `cause` is why. */
export class WriteStoppedError extends Error {
  /** Stable error code. */
  readonly code = 'ERR_SGIOD_WRITE_STOPPED';
  /** The first block of the write. */
  readonly lba: bigint;
  /** Whole blocks written, from {@link lba} on, before the write stopped. */
  readonly blocksWritten: number;
  /** Bytes written (blocksWritten times the block size). */
  readonly bytesWritten: number;
  constructor(cause: unknown, lba: bigint, blocksWritten: number, bytesWritten: number) {
    super(`${cause instanceof Error ? cause.message : String(cause)} ${writtenSentence(lba, blocksWritten)}`, { cause });
    this.name = 'WriteStoppedError';
    this.lba = lba;
    this.blocksWritten = blocksWritten;
    this.bytesWritten = bytesWritten;
  }
}

/** "Blocks a..b (n) were written; the rest were not." or "Nothing was written." */
export function writtenSentence(lba: bigint, blocks: number): string {
  if (blocks === 0) return 'Nothing was written.';
  return `The write stopped after ${blocks} block${blocks === 1 ? '' : 's'}: blocks ${lba}..${lba + BigInt(blocks) - 1n} were written, the rest were not.`;
}
