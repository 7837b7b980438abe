/** The bytes behind a logical unit: what the default SBC handlers read and write. */

/** A backing store. Every method may be synchronous or return a promise (a network object store plugs in here). */
export interface BackingStore {
  /** Size in bytes (a multiple of the logical block length). */
  readonly size: number;
  /** Reads `length` bytes at byte `offset` (inside the store). */
  read(offset: number, length: number): Uint8Array | Promise<Uint8Array>;
  /**
   * Reads `into.length` bytes at byte `offset` into the caller's buffer.
   * Optional; with it, READs fill reused buffers instead of a new one per
   * command (the stores of this package have it).
   */
  readInto?(offset: number, into: Uint8Array): void | Promise<void>;
  /** Writes `data` at byte `offset` (inside the store). */
  write(offset: number, data: Uint8Array): void | Promise<void>;
  /** Makes written data durable (SYNCHRONIZE CACHE). */
  flush?(): void | Promise<void>;
  /**
   * Whether the bytes at `offset` are allocated, and how far from there
   * (at most `length` bytes) that stays so: what GET LBA STATUS reports on
   * a thin disk. Optional; without it every block is reported mapped.
   */
  allocation?(offset: number, length: number): { readonly allocated: boolean; readonly length: number };
  /** Deallocates a range (UNMAP, WRITE SAME with UNMAP): afterwards it reads as zeros. Without it, zeros are written. */
  discard?(offset: number, length: number): void | Promise<void>;
  /** Releases the store's resources. */
  close?(): void | Promise<void>;
}
