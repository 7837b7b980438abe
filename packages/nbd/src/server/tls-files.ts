/**
 * Reading the NBD server's TLS credentials from files: PEM certificate, key
 * and client CA, and a pre-shared key file in GnuTLS' psktool format (one
 * `identity:hexkey` line per client; nbdkit and libnbd's `tls-psk-file`
 * read the same file).
 */
import { readFileSync, statSync } from 'node:fs';
import { NbdTlsConfigError } from './tls-errors.js';
import type { NbdTlsOptions } from './tls-options.js';

/** Paths of the TLS credential files; each one given is read. */
export interface NbdTlsFiles {
  /** PEM certificate (chain) of the server. */
  readonly cert?: string;
  /** PEM private key of the certificate. */
  readonly key?: string;
  /** PEM CA certificate(s) that client certificates must chain to. */
  readonly ca?: string;
  /** psktool-format pre-shared keys (must not be readable by group or others). */
  readonly psk?: string;
}

/**
 * Parses psktool's format: one `identity:hexkey` per line; blank lines are
 * skipped. Identities must be unique.
 *
 * @param source named in errors (the file's path)
 * @throws {@link NbdTlsConfigError} naming the line.
 */
export function parsePskFile(text: string, source = 'the PSK file'): Map<string, Uint8Array> {
  const keys = new Map<string, Uint8Array>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const at = `${source} line ${i + 1}`;
    const colon = line.indexOf(':'); // as GnuTLS reads it: the identity ends at the first colon
    if (colon <= 0) throw new NbdTlsConfigError(`${at} is not IDENTITY:HEXKEY (make the file with: psktool -u IDENTITY -p FILE)`);
    const identity = line.slice(0, colon);
    const hex = line.slice(colon + 1);
    if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) throw new NbdTlsConfigError(`${at}: the key of '${identity}' is not an even number of hex digits`);
    if (keys.has(identity)) throw new NbdTlsConfigError(`${at}: identity '${identity}' is listed twice; give each client one key`);
    keys.set(identity, Buffer.from(hex, 'hex'));
  });
  return keys;
}

function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new NbdTlsConfigError(`cannot read the ${what} ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Reads the files named (the options {@link NbdTlsOptions} takes, without
 * the mode). A PSK file that group or others may read is refused: a leaked
 * key lets anyone in (`chmod 600` it).
 *
 * @throws {@link NbdTlsConfigError} naming the file.
 */
export function readNbdTlsFiles(files: NbdTlsFiles): Pick<NbdTlsOptions, 'cert' | 'key' | 'ca' | 'psk'> {
  const out: { cert?: Buffer; key?: Buffer; ca?: Buffer; psk?: Map<string, Uint8Array> } = {};
  if (files.cert !== undefined) out.cert = read(files.cert, 'TLS certificate');
  if (files.key !== undefined) out.key = read(files.key, 'TLS private key');
  if (files.ca !== undefined) out.ca = read(files.ca, 'TLS client CA');
  if (files.psk !== undefined) {
    const text = read(files.psk, 'TLS pre-shared key file').toString('utf8');
    const mode = statSync(files.psk).mode;
    if ((mode & 0o044) !== 0) throw new NbdTlsConfigError(`the pre-shared key file ${files.psk} is readable by group or others (mode ${(mode & 0o777).toString(8)}); make it private: chmod 600 ${files.psk}`);
    out.psk = parsePskFile(text, files.psk);
  }
  return out;
}
