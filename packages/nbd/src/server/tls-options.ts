/**
 * The NBD server's TLS settings, checked once when the server starts:
 * either an X.509 certificate and key (and, optionally, a CA whose
 * certificates every client must present) or pre-shared keys (PSK, one per
 * client identity, as GnuTLS' psktool writes them). Both at once is
 * refused: a client without the PSK would simply take the certificate
 * handshake, and the PSK would no longer decide who may connect.
 */
import { createSecureContext, type TlsOptions } from 'node:tls';
import { NbdTlsConfigError } from './tls-errors.js';

/** How the server offers TLS: `'on'` lets the client choose, `'require'` answers every option before TLS with NBD_REP_ERR_TLS_REQD. */
export type NbdTlsMode = 'on' | 'require';

/** TLS of an NBD server ({@link NbdServerOptions.tls}). */
export interface NbdTlsOptions {
  /** `'require'` (the default) or `'on'` (clients may stay in plain text). */
  readonly mode?: NbdTlsMode;
  /** PEM certificate (chain) of the server; with {@link key}. */
  readonly cert?: string | Uint8Array;
  /** PEM private key of {@link cert}. */
  readonly key?: string | Uint8Array;
  /** PEM CA certificate(s): every client must then present a certificate signed by one of them. */
  readonly ca?: string | Uint8Array;
  /** Pre-shared keys by client identity (PSK instead of a certificate). */
  readonly psk?: ReadonlyMap<string, Uint8Array>;
  /** Longest TLS handshake after NBD_OPT_STARTTLS before the connection is closed (default 10 000 ms). */
  readonly handshakeTimeoutMs?: number;
}

/** Checked TLS settings, ready for each connection's upgrade. */
export interface NbdTls {
  /** The mode. */
  readonly mode: NbdTlsMode;
  /** What authenticates: the server's certificate, or the client's pre-shared key. */
  readonly credentials: 'certificate' | 'psk';
  /** Clients must present a certificate signed by the configured CA. */
  readonly verifiesClients: boolean;
  /** Pre-shared keys by identity (PSK only). */
  readonly psk: ReadonlyMap<string, Buffer> | undefined;
  /** Handshake time limit in milliseconds. */
  readonly handshakeTimeoutMs: number;
  /** `tls.createServer` options of one upgrade, without the PSK callback. */
  readonly serverOptions: TlsOptions;
  /** One line for logs: mode and credentials. */
  readonly description: string;
}

/** Shortest pre-shared key accepted (128 bits). */
export const MIN_PSK_BYTES = 16;
/** Longest pre-shared key OpenSSL takes. */
export const MAX_PSK_BYTES = 512;
/** The TLS 1.2 cipher suites of a PSK server, all with ephemeral ECDH (forward secrecy); TLS 1.3 takes the PSK with its own suites. */
export const PSK_TLS12_CIPHERS = 'ECDHE-PSK-CHACHA20-POLY1305:ECDHE-PSK-AES256-CBC-SHA384:ECDHE-PSK-AES128-CBC-SHA256';

const asBuffer = (v: string | Uint8Array): Buffer => (typeof v === 'string' ? Buffer.from(v) : Buffer.from(v.buffer, v.byteOffset, v.byteLength));

/**
 * Checks `options` and builds a TLS context from them once, so that a
 * wrong key, a certificate that does not match it or unusable PEM fails
 * here, when the server starts, and not at a client's first STARTTLS.
 *
 * @throws {@link NbdTlsConfigError} naming what to change.
 */
export function resolveTls(options: NbdTlsOptions): NbdTls {
  const mode = options.mode ?? 'require';
  if (mode !== 'on' && mode !== 'require') throw new NbdTlsConfigError(`TLS mode '${String(mode)}' is not 'on' or 'require'`);
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;
  if (!Number.isInteger(handshakeTimeoutMs) || handshakeTimeoutMs < 1) throw new NbdTlsConfigError(`the TLS handshake timeout must be a whole number of milliseconds above 0, got ${handshakeTimeoutMs}`);
  const hasCert = options.cert !== undefined || options.key !== undefined;
  if (hasCert && options.psk !== undefined) {
    throw new NbdTlsConfigError('give a certificate and key, or pre-shared keys, not both: with both, a client without a PSK takes the certificate handshake and the PSK no longer decides who connects');
  }
  if (options.psk !== undefined) {
    if (options.ca !== undefined) throw new NbdTlsConfigError('a client CA goes with a certificate and key, not with pre-shared keys (a PSK client presents no certificate)');
    return resolvePsk(mode, options.psk, handshakeTimeoutMs);
  }
  if (options.cert === undefined || options.key === undefined) {
    throw new NbdTlsConfigError(hasCert ? 'give the TLS certificate and its private key together (PEM)' : 'TLS needs credentials: a certificate and key (PEM), or a pre-shared key file');
  }
  const verifiesClients = options.ca !== undefined;
  const serverOptions: TlsOptions = {
    cert: asBuffer(options.cert),
    key: asBuffer(options.key),
    minVersion: 'TLSv1.2',
    ...(verifiesClients ? { ca: asBuffer(options.ca), requestCert: true, rejectUnauthorized: true } : { requestCert: false }),
  };
  try {
    createSecureContext(serverOptions);
  } catch (e) {
    throw new NbdTlsConfigError(`the TLS certificate, key or CA cannot be used: ${(e as Error).message} (check they are PEM files and that the key belongs to the certificate)`, { cause: e });
  }
  return {
    mode,
    credentials: 'certificate',
    verifiesClients,
    psk: undefined,
    handshakeTimeoutMs,
    serverOptions,
    description: `TLS ${mode === 'require' ? 'required' : 'offered'} with a certificate${verifiesClients ? ', clients need a certificate of the given CA' : ''}`,
  };
}

function resolvePsk(mode: NbdTlsMode, psk: ReadonlyMap<string, Uint8Array>, handshakeTimeoutMs: number): NbdTls {
  if (psk.size === 0) throw new NbdTlsConfigError('the pre-shared key list is empty: add a line IDENTITY:HEXKEY (psktool -u IDENTITY -p FILE makes one)');
  const keys = new Map<string, Buffer>();
  for (const [identity, key] of psk) {
    if (identity.length === 0) throw new NbdTlsConfigError('a pre-shared key has an empty identity');
    if (key.length < MIN_PSK_BYTES || key.length > MAX_PSK_BYTES) {
      throw new NbdTlsConfigError(`the pre-shared key of '${identity}' is ${key.length} bytes; use ${MIN_PSK_BYTES}..${MAX_PSK_BYTES} (psktool makes 32)`);
    }
    keys.set(identity, asBuffer(key));
  }
  const serverOptions: TlsOptions = { ciphers: PSK_TLS12_CIPHERS, minVersion: 'TLSv1.2' };
  createSecureContext(serverOptions); // throws on an OpenSSL without these suites, at start
  return {
    mode,
    credentials: 'psk',
    verifiesClients: true,
    psk: keys,
    handshakeTimeoutMs,
    serverOptions,
    description: `TLS ${mode === 'require' ? 'required' : 'offered'} with pre-shared keys of ${keys.size} ${keys.size === 1 ? 'identity' : 'identities'}`,
  };
}
