/**
 * The error a peer's malformed bytes raise while decoding.
 */

/** A message from the client that breaks the NBD protocol; the connection cannot continue safely. */
export class NbdProtocolError extends Error {
  /** Stable code: `ERR_NBD_PROTOCOL`. */
  readonly code = 'ERR_NBD_PROTOCOL';
  constructor(message: string) {
    super(`${message} (NBD protocol violation: the connection is closed; check the client's NBD implementation)`);
    this.name = 'NbdProtocolError';
  }
}
