/**
 * TLS settings: what resolveTls accepts and refuses, the psktool file
 * format, and reading the credential files (a certificate made by openssl).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryExport } from '../test-support/memory-export.js';
import { NbdServer } from './nbd-server.js';
import { parsePskFile, readNbdTlsFiles } from './tls-files.js';
import { NbdTlsConfigError } from './tls-errors.js';
import { resolveTls } from './tls-options.js';

let dir: string;
const file = (name: string): string => join(dir, name);
const key32 = new Uint8Array(32).fill(9);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sgio-nbd-tls-options-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-keyout', file('key.pem'), '-out', file('cert.pem')], { stdio: 'pipe' });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=other', '-keyout', file('other-key.pem'), '-out', file('other-cert.pem')], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`openssl could not make a test certificate (is the Debian package openssl installed? run scripts/bootstrap.sh): ${(e as Error).message}`);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const configError = (f: () => unknown): NbdTlsConfigError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NbdTlsConfigError);
    expect((e as NbdTlsConfigError).code).toBe('ERR_NBD_TLS_CONFIG');
    return e as NbdTlsConfigError;
  }
  throw new Error('no NbdTlsConfigError was thrown');
};

describe('resolveTls', () => {
  it("a certificate and key: 'require' by default, client certificates only with a CA", () => {
    const cert = readFileSync(file('cert.pem'));
    const key = readFileSync(file('key.pem'));
    const t = resolveTls({ cert, key });
    expect([t.mode, t.credentials, t.verifiesClients, t.handshakeTimeoutMs]).toEqual(['require', 'certificate', false, 10_000]);
    expect(t.serverOptions.requestCert).toBe(false);
    const v = resolveTls({ cert, key, ca: cert, mode: 'on' });
    expect([v.mode, v.verifiesClients, v.serverOptions.requestCert, v.serverOptions.rejectUnauthorized]).toEqual(['on', true, true, true]);
    expect(v.description).toBe('TLS offered with a certificate, clients need a certificate of the given CA');
    expect(t.description).toBe('TLS required with a certificate');
  });

  it('pre-shared keys: one per identity, 16..512 bytes', () => {
    const t = resolveTls({ psk: new Map([['alice', key32], ['bob', key32]]) });
    expect([t.credentials, t.verifiesClients, t.psk?.size]).toEqual(['psk', true, 2]);
    expect(t.description).toBe('TLS required with pre-shared keys of 2 identities');
    expect(configError(() => resolveTls({ psk: new Map([['alice', new Uint8Array(8)]]) })).message).toMatch(/is 8 bytes; use 16\.\.512/);
    expect(configError(() => resolveTls({ psk: new Map() })).message).toMatch(/psktool/);
  });

  it('refuses what cannot work, saying what to change', () => {
    const cert = readFileSync(file('cert.pem'));
    const key = readFileSync(file('key.pem'));
    expect(configError(() => resolveTls({})).message).toMatch(/a certificate and key \(PEM\), or a pre-shared key file/);
    expect(configError(() => resolveTls({ cert })).message).toMatch(/certificate and its private key together/);
    expect(configError(() => resolveTls({ cert, key, psk: new Map([['a', key32]]) })).message).toMatch(/not both/);
    expect(configError(() => resolveTls({ ca: cert, psk: new Map([['a', key32]]) })).message).toMatch(/client CA goes with a certificate/);
    expect(configError(() => resolveTls({ cert, key: readFileSync(file('other-key.pem')) })).message).toMatch(/key belongs to the certificate/);
    expect(configError(() => resolveTls({ cert: 'not pem', key: 'not pem' })).message).toMatch(/cannot be used/);
    expect(configError(() => resolveTls({ cert, key, mode: 'maybe' as 'on' })).message).toMatch(/'maybe' is not 'on' or 'require'/);
    expect(configError(() => resolveTls({ cert, key, handshakeTimeoutMs: 0 })).message).toMatch(/handshake timeout/);
  });
});

describe('parsePskFile', () => {
  it("reads psktool's IDENTITY:HEXKEY lines; the identity ends at the first colon", () => {
    const keys = parsePskFile(`alice:${'0a'.repeat(32)}\n\nbob:${'FF'.repeat(16)}\r\n`);
    expect([...keys.keys()]).toEqual(['alice', 'bob']);
    expect(Buffer.from(keys.get('alice')!).toString('hex')).toBe('0a'.repeat(32));
    expect(keys.get('bob')!.length).toBe(16);
  });

  it('names the line of a malformed entry or a repeated identity', () => {
    expect(configError(() => parsePskFile('alice', 'keys.psk')).message).toMatch(/keys\.psk line 1 is not IDENTITY:HEXKEY/);
    expect(configError(() => parsePskFile(':00', 'keys.psk')).message).toMatch(/line 1/);
    expect(configError(() => parsePskFile('a:b:0011', 'keys.psk')).message).toMatch(/line 1: the key of 'a' is not an even number of hex digits/);
    expect(configError(() => parsePskFile('a:123', 'keys.psk')).message).toMatch(/not an even number/);
    expect(configError(() => parsePskFile('a:0011\na:2233', 'keys.psk')).message).toMatch(/line 2: identity 'a' is listed twice/);
  });
});

describe('readNbdTlsFiles', () => {
  it('reads the PEM files and a private PSK file; refuses a PSK file others may read, and a missing file by name', () => {
    const pem = readNbdTlsFiles({ cert: file('cert.pem'), key: file('key.pem'), ca: file('cert.pem') });
    expect(resolveTls(pem).verifiesClients).toBe(true);
    writeFileSync(file('keys.psk'), `alice:${'0a'.repeat(32)}\n`, { mode: 0o600 });
    chmodSync(file('keys.psk'), 0o600);
    expect([...readNbdTlsFiles({ psk: file('keys.psk') }).psk!.keys()]).toEqual(['alice']);
    chmodSync(file('keys.psk'), 0o644);
    expect(configError(() => readNbdTlsFiles({ psk: file('keys.psk') })).message).toMatch(/readable by group or others \(mode 644\); make it private: chmod 600/);
    expect(configError(() => readNbdTlsFiles({ cert: file('missing.pem') })).message).toMatch(/cannot read the TLS certificate .*missing\.pem/);
  });
});

describe('NbdServer.serve with TLS settings', () => {
  it('settings that cannot work throw before listening, and the export it was given is closed', async () => {
    const exp = memoryExport();
    await expect(NbdServer.serve(exp, { listen: { socket: file('never.sock') }, tls: { cert: readFileSync(file('cert.pem')) } })).rejects.toMatchObject({ code: 'ERR_NBD_TLS_CONFIG' });
    expect(exp.closed).toBe(true);
  });

  it('says how TLS is offered; without settings it is undefined', async () => {
    const withTls = await NbdServer.serve(memoryExport(), { listen: { socket: file('tls.sock') }, tls: { mode: 'on', psk: new Map([['a', key32]]) } });
    const plain = await NbdServer.serve(memoryExport(), { listen: { socket: file('plain.sock') } });
    expect([withTls.tls, plain.tls]).toEqual(['on', undefined]);
    await Promise.all([withTls.close(), plain.close()]);
  });
});
