/**
 * Errors of the convenience commands and block helpers.
 */
import { SgioError } from '../errors/sgio-error.js';

/** A block request that cannot be sent as asked (bad LBA, count, buffer size or range). Code `ERR_BLOCK_REQUEST`. */
export class BlockRequestError extends SgioError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_BLOCK_REQUEST', message, options);
  }
}

/** The device moved fewer bytes than a block command asked for, without reporting an error. Code `ERR_SHORT_TRANSFER`. */
export class ShortTransferError extends SgioError {
  /** Bytes asked for. */
  readonly requested: number;
  /** Bytes moved. */
  readonly transferred: number;
  constructor(command: string, requested: number, transferred: number) {
    super(
      'ERR_SHORT_TRANSFER',
      `${command} moved ${transferred} of ${requested} bytes without an error status; the device or transport cut the transfer. Retry with fewer blocks per command, or check the device's block limits (vpd(0xb0)).`,
    );
    this.requested = requested;
    this.transferred = transferred;
  }
}

/** A response that could not be decoded. Code `ERR_BAD_RESPONSE`; `cause` is the decoder's error, `bytes` the raw response. */
export class ResponseDecodeError extends SgioError {
  /** The raw response. */
  readonly bytes: Uint8Array;
  constructor(command: string, bytes: Uint8Array, cause: unknown) {
    super('ERR_BAD_RESPONSE', `${command}: the device's response could not be decoded (${(cause as Error)?.message ?? String(cause)}); run the command with execute() to see the raw bytes.`, { cause });
    this.bytes = bytes;
  }
}
