/**
 * How a failed NBD request is answered: an errno for the client, a message,
 * and (for medium errors) the byte offset where it happened. SCSI failures
 * from core are mapped here, in one place.
 */
import { CheckConditionError, describeError } from '@sgio/core';
import { SenseKey } from '@sgio/struct';
import { NbdErrno, type NbdErrnoValue } from '../protocol/constants.js';

/** A request the export answers with an error (the connection goes on). */
export class NbdRequestError extends Error {
  /** Stable code: `ERR_NBD_REQUEST`. */
  readonly code = 'ERR_NBD_REQUEST';
  /** The errno sent to the client. */
  readonly errno: NbdErrnoValue;
  /** Byte offset of the failure in the export, when known (a medium error's LBA). */
  readonly offset: bigint | undefined;
  /** True when the export can serve nothing more (its device is gone): the server then closes every connection. */
  readonly exportLost: boolean;
  constructor(errno: NbdErrnoValue, message: string, options: { offset?: bigint; cause?: unknown; exportLost?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NbdRequestError';
    this.errno = errno;
    this.offset = options.offset;
    this.exportLost = options.exportLost ?? false;
  }
}

/** What the request was doing, for the errno choice. */
export type RequestKind = 'read' | 'write';

/** ASC 21h: LOGICAL BLOCK ADDRESS OUT OF RANGE (and friends, ASCQ 0x). */
const ASC_LBA_OUT_OF_RANGE = 0x21;

/**
 * The NBD answer for an error thrown while serving a request:
 * MEDIUM ERROR / HARDWARE ERROR → EIO with the failing LBA's byte offset when
 * the sense data gives it; DATA PROTECT → EPERM; an LBA out of range → ENOSPC
 * for writes, EINVAL for reads; the device gone (core's `ERR_DEVICE_GONE`)
 * → EIO with {@link NbdRequestError.exportLost}; every other failure → EIO.
 */
export function requestErrorFor(e: unknown, kind: RequestKind, blockSize: number): NbdRequestError {
  if (e instanceof NbdRequestError) return e;
  if (e instanceof CheckConditionError) {
    const sense = e.sense;
    const offset = sense.valid && sense.information !== undefined ? sense.information * BigInt(blockSize) : undefined;
    const at = offset === undefined ? '' : ` at LBA ${sense.information}`;
    const text = `${e.result.command}: ${e.senseKeyName}: ${e.senseText}${at}`;
    switch (e.senseKey) {
      case SenseKey.MEDIUM_ERROR:
      case SenseKey.HARDWARE_ERROR:
        return new NbdRequestError(NbdErrno.EIO, text, { ...(offset === undefined ? {} : { offset }), cause: e });
      case SenseKey.DATA_PROTECT:
        return new NbdRequestError(NbdErrno.EPERM, text, { cause: e });
      case SenseKey.ILLEGAL_REQUEST:
        if (e.asc === ASC_LBA_OUT_OF_RANGE) return new NbdRequestError(kind === 'write' ? NbdErrno.ENOSPC : NbdErrno.EINVAL, text, { cause: e });
        return new NbdRequestError(NbdErrno.EINVAL, text, { cause: e });
      default:
        return new NbdRequestError(NbdErrno.EIO, text, { cause: e });
    }
  }
  const message = e instanceof Error ? e.message : String(e);
  return new NbdRequestError(NbdErrno.EIO, message, { cause: e, exportLost: describeError(e).code === 'ERR_DEVICE_GONE' });
}
