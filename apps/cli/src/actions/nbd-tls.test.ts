/**
 * `sgio nbd`'s TLS flags, checked before any device is opened: credentials
 * read from files (a certificate made by openssl here), the mode, and the
 * refusal of plain text on a TCP address off this machine unless --insecure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../common/cli-error.js';
import { ExitCode } from '../common/exit-codes.js';
import { nbd } from './nbd.js';
import { nbdTlsFrom, type NbdTlsFlags } from './nbd-tls.js';

let dir: string;
let cert: NbdTlsFlags;
let psk: string;
const wildcard = { port: 10809, host: '0.0.0.0' };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sgio-nbd-tls-flags-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`openssl could not make a test certificate (is the Debian package openssl installed? run scripts/bootstrap.sh): ${(e as Error).message}`);
  }
  cert = { tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem') };
  psk = join(dir, 'keys.psk');
  writeFileSync(psk, `alice:${'ab'.repeat(32)}\n`, { mode: 0o600 });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function cliError(f: () => unknown): CliError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return e as CliError;
  }
  throw new Error('no CliError was thrown');
}

describe('sgio nbd TLS flags', () => {
  it('no flags: plain text on a Unix socket and on loopback TCP', () => {
    expect(nbdTlsFrom({}, { socket: '/tmp/x.sock' }, true)).toEqual({ tls: undefined, description: 'no TLS', warning: undefined });
    expect(nbdTlsFrom({}, { port: 10809 }, true).tls).toBeUndefined();
    expect(nbdTlsFrom({}, { port: 10809, host: '::1' }, true).tls).toBeUndefined();
  });

  it("a certificate and key: 'require' by default, 'on' with --tls on; a PSK file instead", () => {
    const c = nbdTlsFrom(cert, wildcard, false);
    expect(c.tls?.mode).toBe('require');
    expect(c.description).toBe('TLS required with a certificate');
    expect(c.warning).toBeUndefined();
    expect(nbdTlsFrom({ ...cert, tls: 'on' }, { socket: '/tmp/x.sock' }, false).description).toBe('TLS offered with a certificate');
    const p = nbdTlsFrom({ tlsPsk: psk }, wildcard, true);
    expect([...(p.tls?.psk?.keys() ?? [])]).toEqual(['alice']);
    expect(p.description).toBe('TLS required with pre-shared keys of 1 identity');
  });

  it('refuses plain text off loopback unless --insecure, which warns', () => {
    const e = cliError(() => nbdTlsFrom({}, wildcard, true));
    expect(e.exitCode).toBe(ExitCode.SYNTAX);
    expect(e.message).toMatch(/listening on 0\.0\.0\.0 without TLS would send the disk's data \(and writes to it\) in clear text .*--tls-cert and --tls-key \(or --tls-psk\), listen on 127\.0\.0\.1, or pass --insecure/);
    expect(cliError(() => nbdTlsFrom({ ...cert, tls: 'on' }, { port: 1, host: '192.0.2.7' }, false)).message).toMatch(/--tls on lets a client on 192\.0\.2\.7 stay in plain text; use --tls require/);
    expect(nbdTlsFrom({ insecure: true }, wildcard, false).warning).toMatch(/serving plain text on 0\.0\.0\.0 \(--insecure\)/);
    expect(nbdTlsFrom({ ...cert, tls: 'on', insecure: true }, wildcard, false).warning).toMatch(/TLS optionally/);
  });

  it('refuses --tls without credentials, unusable combinations (exit 1) and unreadable files (exit 15)', () => {
    expect(cliError(() => nbdTlsFrom({ tls: 'require' }, { socket: '/tmp/x.sock' }, false)).message).toMatch(/--tls require needs credentials: --tls-cert FILE --tls-key FILE .*or --tls-psk FILE/);
    const both = cliError(() => nbdTlsFrom({ ...cert, tlsPsk: psk }, { socket: '/tmp/x.sock' }, false));
    expect([both.exitCode, both.message]).toEqual([ExitCode.SYNTAX, expect.stringMatching(/not both/)]);
    expect(cliError(() => nbdTlsFrom({ tlsCert: cert.tlsCert }, { socket: '/tmp/x.sock' }, false)).message).toMatch(/certificate and its private key together/);
    const missing = cliError(() => nbdTlsFrom({ ...cert, tlsCa: join(dir, 'missing.pem') }, { socket: '/tmp/x.sock' }, false));
    expect([missing.exitCode, missing.message]).toEqual([ExitCode.FILE_ERROR, expect.stringMatching(/cannot read the TLS client CA .*missing\.pem/)]);
  });

  it('the action refuses before it opens the device', async () => {
    await expect(nbd('/dev/sgio-no-such-device', { tcp: '0.0.0.0:0' })).rejects.toThrow(/without TLS would send/);
    await expect(nbd('/dev/sgio-no-such-device', { socket: join(dir, 'n.sock'), tls: 'on' })).rejects.toThrow(/--tls on needs credentials/);
  });
});
