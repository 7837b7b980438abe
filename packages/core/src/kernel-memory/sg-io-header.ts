/**
 * `SgIoHeader`: an sg_io_hdr (v3) encoded from the buffers themselves, for
 * callers that drive the sg driver below `SgDevice` (bare `ioctl(SG_IO)`,
 * `write()`/`read()` of the async interface). It takes the addresses and
 * keeps the buffers reachable for as long as the header is, so the kernel
 * never reads a CDB from, or writes sense and data into, collected memory.
 */
import { addressOf } from '@sgio/libc';
import { SG_IO_HDR_SIZE, SG_IOVEC_SIZE, createSgIoHdrResult, encodeSgIoHdr, encodeSgIovec, readSgIoHdrResult, type SgIoHdrResult } from '@sgio/struct';
import { retainFor } from './retained.js';

/** What an {@link SgIoHeader} is made from: the buffers, not their addresses. */
export interface SgIoHeaderInit {
  /** `dxfer_direction`: one of the `SG_DXFER_*` values of `@sgio/struct`. */
  readonly dxferDirection: number;
  /** The CDB; `cmd_len` is its length (6..260 bytes; sg itself takes up to 252). */
  readonly cdb: Uint8Array;
  /** The sense buffer; `mx_sb_len` is its length (at most 255). Omitted: no sense is returned. */
  readonly sense?: Uint8Array;
  /**
   * The data buffer, or several for a scatter-gather list (an sg_iovec array
   * is built and kept with the header). Omitted: no data phase.
   */
  readonly data?: Uint8Array | readonly Uint8Array[];
  /** `dxfer_len` when it is not the whole data length (for example 0 with `SG_FLAG_MMAP_IO`'s reserved buffer). */
  readonly dxferLen?: number;
  /** `timeout` in milliseconds (default 60000). */
  readonly timeout?: number;
  /** `flags`: `SG_FLAG_*` bits (default 0). */
  readonly flags?: number;
  /** `pack_id` (default 0). */
  readonly packId?: number;
  /** `usr_ptr` (default 0). */
  readonly usrPtr?: bigint | number;
}

/** Largest CDB an sg_io_hdr can describe (`cmd_len` is one byte; sg accepts up to 252). */
const MAX_CMD_LEN = 255;
/** Largest sense buffer (`mx_sb_len` is one byte). */
const MAX_SENSE = 255;

/**
 * An sg_io_hdr whose pointers refer to buffers it keeps alive.
 *
 * `bytes` is what goes to the driver (`tryIoctlPointer(fd, SG_IO,
 * header.bytes)`, or `write()` then `read()` on the async interface). The
 * CDB, sense and data buffers stay reachable as long as the header object
 * or its `bytes` are, so a loop that keeps only `bytes` is safe too. Re-use
 * one header per outstanding request: {@link SgIoHeader.update} re-encodes
 * it in place (allocating only when the buffers change).
 *
 * @example
 * ```ts
 * const header = new SgIoHeader({ dxferDirection: SG_DXFER_FROM_DEV, cdb: read10.encode({ lba: 0, transferLength: 1 }),
 *   sense: new Uint8Array(32), data: new Uint8Array(512) });
 * if (tryIoctlPointer(fd, SG_IO, header.bytes) < 0) throw new Error('SG_IO failed');
 * console.log(header.result().status);
 * ```
 */
export class SgIoHeader {
  /** The 88 header bytes handed to the driver. */
  readonly bytes = new Uint8Array(SG_IO_HDR_SIZE);
  #cdb: Uint8Array = new Uint8Array(0);
  #sense: Uint8Array | undefined;
  #data: Uint8Array | readonly Uint8Array[] | undefined;
  #iovecs: Uint8Array | undefined;
  readonly #result = createSgIoHdrResult();

  constructor(init: SgIoHeaderInit) {
    this.update(init);
  }

  /** The CDB the header points at (change its bytes in place to send another command of the same length). */
  get cdb(): Uint8Array {
    return this.#cdb;
  }

  /** The sense buffer the header points at, if any. */
  get sense(): Uint8Array | undefined {
    return this.#sense;
  }

  /** The data buffer (or scatter-gather buffers) the header points at, if any. */
  get data(): Uint8Array | readonly Uint8Array[] | undefined {
    return this.#data;
  }

  /**
   * Re-encodes the header from `init`: takes the new buffers' addresses and
   * keeps them (and no longer the old ones) reachable. Do not call it while
   * the kernel may still use the old buffers (a submitted, unread request).
   */
  update(init: SgIoHeaderInit): this {
    const { cdb, sense, data } = init;
    if (!(cdb instanceof Uint8Array) || cdb.length === 0 || cdb.length > MAX_CMD_LEN) {
      throw new RangeError(`SgIoHeader: cdb must be a Uint8Array of 1..${MAX_CMD_LEN} bytes`);
    }
    if (sense !== undefined && sense.length > MAX_SENSE) throw new RangeError(`SgIoHeader: the sense buffer holds at most ${MAX_SENSE} bytes (mx_sb_len is one byte), got ${sense.length}`);
    let dxferp: bigint = 0n;
    let dataLength = 0;
    let iovecCount = 0;
    let iovecs: Uint8Array | undefined;
    if (data instanceof Uint8Array) {
      dataLength = data.length;
      dxferp = data.length > 0 ? addressOf(data) : 0n;
    } else if (data !== undefined) {
      if (data.length === 0 || data.length > 0xffff) throw new RangeError(`SgIoHeader: a scatter-gather list has 1..65535 buffers, got ${data.length}`);
      iovecs = this.#iovecs !== undefined && this.#iovecs.length === data.length * SG_IOVEC_SIZE ? this.#iovecs : new Uint8Array(data.length * SG_IOVEC_SIZE);
      data.forEach((piece, i) => {
        encodeSgIovec(iovecs!, i * SG_IOVEC_SIZE, piece.length > 0 ? addressOf(piece) : 0n, piece.length);
        dataLength += piece.length;
      });
      iovecCount = data.length;
      dxferp = addressOf(iovecs);
    }
    encodeSgIoHdr(this.bytes, 0, {
      dxferDirection: init.dxferDirection,
      cmdLen: cdb.length,
      mxSbLen: sense?.length ?? 0,
      iovecCount,
      dxferLen: init.dxferLen ?? dataLength,
      dxferp,
      cmdp: addressOf(cdb),
      sbp: sense !== undefined && sense.length > 0 ? addressOf(sense) : 0n,
      timeout: init.timeout ?? 60_000,
      flags: init.flags ?? 0,
      packId: init.packId ?? 0,
      usrPtr: init.usrPtr ?? 0,
    });
    this.#cdb = cdb;
    this.#sense = sense;
    this.#data = data;
    this.#iovecs = iovecs;
    const kept: object[] = [this, cdb];
    if (sense !== undefined) kept.push(sense);
    if (data instanceof Uint8Array) kept.push(data);
    else if (data !== undefined) kept.push(...data);
    if (iovecs !== undefined) kept.push(iovecs);
    retainFor(this.bytes, kept);
    return this;
  }

  /**
   * The completion fields after the driver filled them (status, host and
   * driver status, sense length, resid, duration, info). Returns the same
   * object every time: copy what you keep.
   */
  result(): SgIoHdrResult {
    return readSgIoHdrResult(this.bytes, 0, this.#result);
  }
}
