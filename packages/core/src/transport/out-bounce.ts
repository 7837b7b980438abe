/**
 * Data to send through a path that maps the caller's pages (a bsg node, an
 * sg node's direct IO), laid out as the sg driver's indirect IO lays it out.
 *
 * With indirect IO the sg driver copies a command's data into page-aligned
 * buffers of its own. bsg and direct IO map the caller's pages as they lie:
 * a buffer that does not start on a page boundary reaches the target as
 * elements that do not either. LIO's COMPARE AND WRITE builds its write
 * phase from the elements as if they were whole pages ("Currently assumes
 * NoLB=1 and SGLs are PAGE_SIZE", its source says), and reports success
 * whatever it wrote.
 * Measured in the lab (Linux 7.2.7, LIO fileio over tcm_loop), through a
 * bsg node over io_uring and over SG_IO alike:
 * - 512-byte blocks: a 1 KiB buffer that crossed a page boundary at its
 *   half wrote bytes from beside the buffer to the medium, 1 to 3 runs of
 *   10;
 * - 4096-byte blocks: an 8 KiB buffer 16 or 512 bytes past a page boundary
 *   left the block unchanged, 10 runs of 10; page-aligned, never. The sg
 *   node with direct IO the same (6 of 6), with indirect IO never.
 *
 * So a data-out buffer of at most {@link OUT_BOUNCE_MAX} bytes that crosses
 * a page boundary without starting on one is copied into page-aligned
 * memory of the slot's own, once per issue, and the kernel reads that: one
 * copy of at most 16 KiB, no allocation after the slot's first such
 * command of that size. Buffers within one page (one element), buffers
 * that start on a page boundary (whole-page elements) and larger ones (bulk
 * writes, which no target reads that way) go as they lie.
 */
import { addressOf, pageSize } from '@sgio/libc';
import { alignedBuffer } from '../execute/aligned.js';

/**
 * Largest data-out that is copied (bytes): COMPARE AND WRITE's two blocks at
 * the largest logical block sizes in use (4096 bytes, 4160 with protection
 * information; LIO's are at most 4096), with room. Bulk writes stay above it
 * and pay no copy.
 */
export const OUT_BOUNCE_MAX = 16 * 1024;

/** The page size as a bigint, for the layout test (read once). */
let pageBig: bigint | undefined;

/** One slot's bounce memory for data to send (see the module comment). */
export class OutBounce {
  #page: Uint8Array | undefined;
  #pageAddress = 0n;
  /** The data copied at the last {@link addressFor} that bounced (for {@link refresh}), and its length. */
  #source: Uint8Array | undefined;
  #length = 0;

  /**
   * The address the kernel should read `length` bytes of `data` from:
   * `data`'s own, or, for a buffer of at most {@link OUT_BOUNCE_MAX} bytes
   * that crosses a page boundary without starting on one, the slot's
   * page-aligned memory, into which the bytes are copied now (grown to the
   * length's pages the first time it is longer). `dataAddress` is `data`'s
   * address when the caller has it already.
   */
  addressFor(data: Uint8Array, length: number, dataAddress: bigint = addressOf(data)): bigint {
    // bulk data (and none) goes as it lies without looking at its address
    if (length === 0 || length > OUT_BOUNCE_MAX) {
      this.#source = undefined;
      return dataAddress;
    }
    const page = pageSize();
    pageBig ??= BigInt(page);
    const offset = Number(dataAddress % pageBig);
    if (offset === 0 || offset + length <= page) {
      this.#source = undefined;
      return dataAddress;
    }
    if (!this.#page || this.#page.length < length) {
      this.#page = alignedBuffer(Math.ceil(length / page) * page);
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

  /** The slot's bounce memory, once a command needed it (for tests). */
  get page(): Uint8Array | undefined {
    return this.#page;
  }

  /** True when the last {@link addressFor} bounced (for tests). */
  get bounced(): boolean {
    return this.#source !== undefined;
  }
}
