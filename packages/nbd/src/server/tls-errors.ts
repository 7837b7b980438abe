/**
 * The errors of the NBD server's TLS: a configuration that cannot work
 * (found when the server starts, before it listens), and one connection's
 * failed TLS handshake (that connection is closed; the server goes on).
 */

/** TLS settings that cannot work together, or credentials that cannot be read or used. */
export class NbdTlsConfigError extends Error {
  /** Stable code: `ERR_NBD_TLS_CONFIG`. */
  readonly code = 'ERR_NBD_TLS_CONFIG';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NbdTlsConfigError';
  }
}

/** One connection's TLS handshake after NBD_OPT_STARTTLS failed; the connection is closed. */
export class NbdTlsHandshakeError extends Error {
  /** Stable code: `ERR_NBD_TLS_HANDSHAKE`. */
  readonly code = 'ERR_NBD_TLS_HANDSHAKE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NbdTlsHandshakeError';
  }
}
