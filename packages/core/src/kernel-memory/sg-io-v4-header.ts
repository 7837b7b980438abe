/**
 * `SgIoV4Header`: an sg_io_v4 (bsg) header encoded from the buffers
 * themselves, keeping them reachable for as long as the header is (see
 * {@link SgIoHeader} for the v3 twin and the reason).
 */
import { addressOf } from '@sgio/libc';
import { SG_IO_V4_SIZE, createSgIoV4Result, encodeSgIoV4, readSgIoV4Result, type SgIoV4Result } from '@sgio/struct';
import { retainFor } from './retained.js';

/** What an {@link SgIoV4Header} is made from. */
export interface SgIoV4HeaderInit {
  /** The CDB (`request`, `request_len`). */
  readonly cdb: Uint8Array;
  /** The sense buffer (`response`, `max_response_len`). Omitted: no sense is returned. */
  readonly sense?: Uint8Array;
  /** Data to the device (`dout_xferp`, `dout_xfer_len`). */
  readonly dataOut?: Uint8Array;
  /** Data from the device (`din_xferp`, `din_xfer_len`). */
  readonly dataIn?: Uint8Array;
  /** `timeout` in milliseconds (default 60000). */
  readonly timeout?: number;
  /** `flags`: `BSG_FLAG_*` bits (default 0). */
  readonly flags?: number;
  /** `usr_ptr` (default 0). */
  readonly usrPtr?: bigint | number;
}

/**
 * An sg_io_v4 header whose pointers refer to buffers it keeps alive; `bytes`
 * goes to `ioctl(bsgFd, SG_IO, ...)`. The buffers stay reachable as long as
 * the header object or its `bytes` are.
 */
export class SgIoV4Header {
  /** The 160 header bytes handed to the driver. */
  readonly bytes = new Uint8Array(SG_IO_V4_SIZE);
  readonly #result = createSgIoV4Result();

  constructor(init: SgIoV4HeaderInit) {
    this.update(init);
  }

  /** Re-encodes the header from `init`; do not call it while the kernel may still use the old buffers. */
  update(init: SgIoV4HeaderInit): this {
    const { cdb, sense, dataOut, dataIn } = init;
    if (!(cdb instanceof Uint8Array) || cdb.length === 0) throw new RangeError('SgIoV4Header: cdb must be a non-empty Uint8Array');
    const address = (b: Uint8Array | undefined): bigint => (b !== undefined && b.length > 0 ? addressOf(b) : 0n);
    encodeSgIoV4(this.bytes, 0, {
      requestLen: cdb.length,
      request: addressOf(cdb),
      maxResponseLen: sense?.length ?? 0,
      response: address(sense),
      doutXferLen: dataOut?.length ?? 0,
      doutXferp: address(dataOut),
      dinXferLen: dataIn?.length ?? 0,
      dinXferp: address(dataIn),
      timeout: init.timeout ?? 60_000,
      flags: init.flags ?? 0,
      usrPtr: init.usrPtr ?? 0,
    });
    retainFor(this.bytes, [this, cdb, ...[sense, dataOut, dataIn].filter((b): b is Uint8Array => b !== undefined)]);
    return this;
  }

  /** The completion fields after the driver filled them; the same object every time. */
  result(): SgIoV4Result {
    return readSgIoV4Result(this.bytes, 0, this.#result);
  }
}
