/**
 * `sgio nbd`'s TLS flags: the credentials (--tls-cert/--tls-key, --tls-ca,
 * or --tls-psk), the mode (--tls on|require), and the rule sgiod applies
 * too: no plain text on a TCP address off this machine unless --insecure.
 */
import { isLoopbackHost } from '@sgio/core';
import { NbdTlsConfigError, readNbdTlsFiles, resolveTls, type NbdListen, type NbdTlsFiles, type NbdTlsMode, type NbdTlsOptions } from '@sgio/nbd';
import { CliError } from '../common/cli-error.js';
import { ExitCode } from '../common/exit-codes.js';

/** The TLS flags of `sgio nbd`. */
export interface NbdTlsFlags {
  /** --tls: `require` (the default with credentials) or `on`. */
  tls?: NbdTlsMode;
  /** --tls-cert: PEM certificate (chain). */
  tlsCert?: string;
  /** --tls-key: PEM private key of --tls-cert. */
  tlsKey?: string;
  /** --tls-ca: PEM CA that client certificates must chain to. */
  tlsCa?: string;
  /** --tls-psk: psktool-format pre-shared keys. */
  tlsPsk?: string;
  /** --insecure: allow plain text on a non-loopback TCP address. */
  insecure?: boolean;
}

/** What the flags decided. */
export interface NbdTlsChoice {
  /** The server's TLS options, or undefined for plain text. */
  readonly tls: NbdTlsOptions | undefined;
  /** One line for the "serving" message: the mode and the credentials, or plain text. */
  readonly description: string;
  /** A warning to print before serving (plain text off loopback under --insecure), if any. */
  readonly warning: string | undefined;
}

/**
 * Reads the credential files the flags name and checks everything before
 * the device is opened: --tls without credentials, unreadable or unusable
 * files, and plain text (no TLS, or `--tls on`, which lets a client stay in
 * plain text) on a TCP address that is not loopback without --insecure.
 */
export function nbdTlsFrom(flags: NbdTlsFlags, listen: NbdListen, writable: boolean): NbdTlsChoice {
  const files: { -readonly [K in keyof NbdTlsFiles]: NbdTlsFiles[K] } = {};
  if (flags.tlsCert !== undefined) files.cert = flags.tlsCert;
  if (flags.tlsKey !== undefined) files.key = flags.tlsKey;
  if (flags.tlsCa !== undefined) files.ca = flags.tlsCa;
  if (flags.tlsPsk !== undefined) files.psk = flags.tlsPsk;
  const hasCredentials = Object.keys(files).length > 0;
  if (!hasCredentials && flags.tls !== undefined) throw new CliError(`--tls ${flags.tls} needs credentials: --tls-cert FILE --tls-key FILE (a certificate), or --tls-psk FILE (pre-shared keys)`);
  let tls: NbdTlsOptions | undefined;
  let description = 'no TLS';
  if (hasCredentials) {
    try {
      tls = { mode: flags.tls ?? 'require', ...readNbdTlsFiles(files) };
      description = resolveTls(tls).description;
    } catch (e) {
      if (!(e instanceof NbdTlsConfigError)) throw e;
      const unreadable = typeof (e.cause as { errno?: unknown } | undefined)?.errno === 'number';
      throw new CliError(`${e.message} (the --tls-* flags)`, unreadable ? ExitCode.FILE_ERROR : ExitCode.SYNTAX);
    }
  }
  const host = 'port' in listen ? (listen.host ?? '127.0.0.1') : undefined;
  const plainPossible = tls === undefined || tls.mode === 'on';
  if (host === undefined || isLoopbackHost(host) || !plainPossible) return { tls, description, warning: undefined };
  const data = writable ? "the disk's data (and writes to it)" : "the disk's data";
  if (!flags.insecure) {
    throw new CliError(
      tls === undefined
        ? `listening on ${host} without TLS would send ${data} in clear text over the network, to anyone who connects; give --tls-cert and --tls-key (or --tls-psk), listen on 127.0.0.1, or pass --insecure if the network is trusted`
        : `--tls on lets a client on ${host} stay in plain text; use --tls require (the default with credentials), or pass --insecure if the network is trusted`,
    );
  }
  return { tls, description, warning: `serving ${tls === undefined ? 'plain text' : 'TLS optionally'} on ${host} (--insecure): ${data} may cross the network in clear text` };
}
