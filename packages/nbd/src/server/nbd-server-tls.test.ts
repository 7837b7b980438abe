/**
 * TLS of a real listening NbdServer against libnbd's GnuTLS client
 * (nbdinfo, nbdcopy), over a memory export: X.509 certificates made by
 * openssl in the test (server certificate, and client certificates checked
 * against a client CA), pre-shared keys in psktool's format, and a plain
 * client refused by a server that requires TLS. Host only: needs openssl
 * and libnbd-bin (scripts/bootstrap.sh installs both).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPeer } from '@sgio/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryExport, type MemoryExport } from '../test-support/memory-export.js';
import { clientCertDir, makeTlsFixtures, requireTool } from '../test-support/tls-fixtures.js';
import { NbdServer, type NbdServeOptions } from './nbd-server.js';
import { readNbdTlsFiles } from './tls-files.js';

const SIZE = 4 * 1024 * 1024;
let dir: string;
const servers: NbdServer[] = [];

/** A libnbd certificates folder (see {@link clientCertDir}). */
const clientDir = (name: string, client?: string): string => clientCertDir(dir, name, client);

async function serve(exp: MemoryExport, options: Omit<NbdServeOptions, 'listen'> & { listen?: NbdServeOptions['listen'] }, log: string[]): Promise<NbdServer> {
  const s = await NbdServer.serve(exp, { listen: { socket: join(dir, `nbd${servers.length}.sock`) }, log: (l) => log.push(l), ...options });
  servers.push(s);
  return s;
}

const socketOf = (s: NbdServer): string => ('socket' in s.address ? s.address.socket : '');

interface NbdinfoExport {
  readonly 'export-name': string;
  readonly 'export-size': number;
  readonly is_read_only: boolean;
}

beforeAll(() => {
  requireTool('nbdinfo', 'libnbd-bin');
  requireTool('nbdcopy', 'libnbd-bin');
  dir = mkdtempSync(join(tmpdir(), 'sgio-nbd-tls-'));
  makeTlsFixtures(dir);
}, 30_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('NbdServer TLS with certificates, against nbdinfo and nbdcopy', () => {
  it("'require' over a Unix socket: nbdinfo sees TLS and the export; nbdcopy reads every byte; a plain nbdinfo is refused with TLS required", async () => {
    const log: string[] = [];
    const exp = memoryExport({ size: SIZE, readDelayMs: 0 });
    const certs = readNbdTlsFiles({ cert: join(dir, 'server-cert.pem'), key: join(dir, 'server-key.pem') });
    const server = await serve(exp, { tls: certs }, log);
    expect(server.tls).toBe('require');
    const certDir = clientDir('anon');
    const uri = `nbds+unix:///?socket=${socketOf(server)}&tls-certificates=${certDir}`;
    const info = await runPeer('nbdinfo', ['--json', uri]);
    expect(info.status, info.out).toBe(0);
    const json = JSON.parse(info.stdout) as { TLS: boolean; exports: NbdinfoExport[] };
    expect(json.TLS).toBe(true);
    expect(json.exports[0]!['export-size']).toBe(SIZE);
    expect(json.exports[0]!.is_read_only).toBe(true);
    const out = join(dir, 'copy.img');
    const copy = await runPeer('nbdcopy', [uri, out]);
    expect(copy.status, copy.out).toBe(0);
    expect(Buffer.compare(readFileSync(out), Buffer.from(exp.bytes))).toBe(0);
    // libnbd 1.14 renders NBD_REP_ERR_TLS_REQD to NBD_OPT_GO as ENOTSUP (nbdkit --tls=require gives the same two lines);
    // connection.test.ts checks the reply type itself
    const plain = await runPeer('nbdinfo', [`nbd+unix:///?socket=${socketOf(server)}`]);
    expect(plain.status).not.toBe(0);
    expect(plain.stdout).toMatch(/without TLS/);
    expect(plain.stderr).toMatch(/server replied with error to opt_go request: Operation not supported/);
    expect(log.join('\n')).toMatch(/NBD connection: TLSv1\.3 /);
  }, 60_000);

  it("TCP on 127.0.0.1, 'on': nbdcopy writes the export through TLS; a plain client is served without TLS", async () => {
    const log: string[] = [];
    const exp = memoryExport({ size: SIZE, writable: true, readDelayMs: 0 });
    const server = await serve(exp, { listen: { port: 0 }, tls: { mode: 'on', ...readNbdTlsFiles({ cert: join(dir, 'server-cert.pem'), key: join(dir, 'server-key.pem') }) } }, log);
    const port = 'port' in server.address ? server.address.port : 0;
    const source = join(dir, 'source.img');
    const data = Buffer.alloc(SIZE);
    for (let i = 0; i < SIZE; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
    writeFileSync(source, data);
    const certDir = join(dir, 'anon');
    const write = await runPeer('nbdcopy', [source, `nbds://localhost:${port}/?tls-certificates=${certDir}`]);
    expect(write.status, write.out).toBe(0);
    expect(Buffer.compare(Buffer.from(exp.bytes), data)).toBe(0);
    // 127.0.0.1 is in the certificate too
    expect((await runPeer('nbdinfo', [`nbds://127.0.0.1:${port}/?tls-certificates=${certDir}`])).status).toBe(0);
    // 'on': a plain client is served without TLS
    const plain = await runPeer('nbdinfo', ['--json', `nbd://127.0.0.1:${port}/`]);
    expect(plain.status, plain.out).toBe(0);
    expect((JSON.parse(plain.stdout) as { TLS: boolean }).TLS).toBe(false);
  }, 60_000);

  it('a certificate for another name fails the client\'s check: the handshake fails, the server logs it and goes on', async () => {
    const log: string[] = [];
    const server = await serve(memoryExport({ size: SIZE }), { listen: { port: 0 }, tls: readNbdTlsFiles({ cert: join(dir, 'other-cert.pem'), key: join(dir, 'other-key.pem') }) }, log);
    const port = 'port' in server.address ? server.address.port : 0;
    // (over a Unix socket libnbd has no host name to check)
    const r = await runPeer('nbdinfo', [`nbds://127.0.0.1:${port}/?tls-certificates=${join(dir, 'anon')}`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/certificate|gnutls/i);
    expect(log.join('\n')).toMatch(/the TLS handshake failed: .*check that the client trusts the server certificate's CA/);
    expect(server.connections).toBe(0);
  }, 60_000);

  it('with a client CA, only a client presenting a certificate of that CA gets in', async () => {
    const log: string[] = [];
    const exp = memoryExport({ size: SIZE, readDelayMs: 0 });
    const files = readNbdTlsFiles({ cert: join(dir, 'server-cert.pem'), key: join(dir, 'server-key.pem'), ca: join(dir, 'ca-cert.pem') });
    const server = await serve(exp, { tls: files }, log);
    const withCert = clientDir('with-client-cert', 'client');
    const ok = await runPeer('nbdinfo', ['--json', `nbds+unix:///?socket=${socketOf(server)}&tls-certificates=${withCert}`]);
    expect(ok.status, ok.out).toBe(0);
    expect(log.join('\n')).toMatch(/\(client CN=nbd-client\)/);
    const without = await runPeer('nbdinfo', [`nbds+unix:///?socket=${socketOf(server)}&tls-certificates=${join(dir, 'anon')}`]);
    expect(without.status).not.toBe(0);
    expect(log.join('\n')).toMatch(/the TLS handshake failed: .*(certificate)/);
  }, 60_000);
});

describe('NbdServer TLS with pre-shared keys, against nbdinfo and nbdcopy', () => {
  it("libnbd's tls-psk-file works (TLS 1.3); a wrong key and an unknown identity are refused", async () => {
    const log: string[] = [];
    const exp = memoryExport({ size: SIZE, readDelayMs: 0 });
    const server = await serve(exp, { tls: readNbdTlsFiles({ psk: join(dir, 'keys.psk') }) }, log);
    const uri = (user: string, file: string): string => `nbds+unix://${user}@/?socket=${socketOf(server)}&tls-psk-file=${join(dir, file)}`;
    const info = await runPeer('nbdinfo', ['--json', uri('alice', 'keys.psk')]);
    expect(info.status, info.out).toBe(0);
    expect((JSON.parse(info.stdout) as { TLS: boolean }).TLS).toBe(true);
    expect(log.join('\n')).toMatch(/NBD connection: TLSv1\.3 \S+ \(client alice\)/);
    const out = join(dir, 'psk-copy.img');
    const copy = await runPeer('nbdcopy', [uri('bob', 'keys.psk'), out]);
    expect(copy.status, copy.out).toBe(0);
    expect(Buffer.compare(readFileSync(out), Buffer.from(exp.bytes))).toBe(0);
    expect((await runPeer('nbdinfo', [uri('alice', 'wrong.psk')])).status).not.toBe(0);
    writeFileSync(join(dir, 'carol.psk'), `carol:${'5a'.repeat(32)}\n`, { mode: 0o600 });
    expect((await runPeer('nbdinfo', [uri('carol', 'carol.psk')])).status).not.toBe(0);
    const failures = log.filter((l) => /the TLS handshake failed/.test(l));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/check that the client's PSK identity and key are in the server's PSK file/);
    expect(failures[1]).toMatch(/the client's PSK identity 'carol' is not in the server's PSK file/);
  }, 60_000);
});
