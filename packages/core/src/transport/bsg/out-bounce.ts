/**
 * Data to send through a bsg node, laid out as the sg driver lays it out.
 *
 * The sg driver copies a command's data into buffers of its own, so a small
 * transfer reaches the target as one scatter-gather element. bsg maps the
 * caller's pages as they lie: a buffer that straddles a page boundary
 * reaches it as two. LIO's COMPARE AND WRITE takes the write block from the
 * element that holds the compare block ("Currently assumes NoLB=1 and SGLs
 * are PAGE_SIZE", its source says): measured in the lab (Linux 7.2.7, LIO
 * fileio over tcm_loop), a 1 KiB COMPARE AND WRITE whose buffer crossed a
 * page boundary at its half wrote bytes from beside the buffer to the
 * medium in 1 to 3 runs of 10, over io_uring and over SG_IO alike.
 *
 * So a data-out buffer of at most one page that straddles a page boundary
 * is copied into a page of the slot's own, once per issue, and the kernel
 * reads that page: one copy of at most a page, no allocation after the
 * slot's first such command. Larger buffers and those within one page go
 * as they lie.
 */
import { addressOf, pageSize } from '@sgio/libc';
import { alignedBuffer } from '../../execute/aligned.js';

/** The page size as a bigint, for the straddle test (read once). */
let pageBig: bigint | undefined;

/** One slot's bounce page for data to send (see the module comment). */
export class OutBounce {
  #page: Uint8Array | undefined;
  #pageAddress = 0n;
  /** The data copied at the last {@link addressFor} that bounced (for {@link refresh}), and its length. */
  #source: Uint8Array | undefined;
  #length = 0;

  /**
   * The address the kernel should read `length` bytes of `data` from:
   * `data`'s own, or, for a buffer of at most a page that straddles a page
   * boundary, the slot's page, into which the bytes are copied now.
   * `dataAddress` is `data`'s address when the caller has it already.
   */
  addressFor(data: Uint8Array, length: number, dataAddress: bigint = addressOf(data)): bigint {
    const page = pageSize();
    pageBig ??= BigInt(page);
    if (length === 0 || length > page || Number(dataAddress % pageBig) + length <= page) {
      this.#source = undefined;
      return dataAddress;
    }
    if (!this.#page) {
      this.#page = alignedBuffer(page);
      this.#pageAddress = addressOf(this.#page);
    }
    this.#source = data;
    this.#length = length;
    this.#page.set(data.subarray(0, length), 0);
    return this.#pageAddress;
  }

  /** Copies the bounced data again (a prepared request's caller changes its buffer between runs); nothing when it did not bounce. */
  refresh(): void {
    if (this.#source) this.#page!.set(this.#source.subarray(0, this.#length), 0);
  }

  /** The slot's page, once a command needed it (for tests). */
  get page(): Uint8Array | undefined {
    return this.#page;
  }

  /** True when the last {@link addressFor} bounced (for tests). */
  get bounced(): boolean {
    return this.#source !== undefined;
  }
}
