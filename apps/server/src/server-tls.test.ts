/**
 * Transport security of a real (listening) sgiod, without devices: HTTPS
 * with a self-signed certificate made by openssl in the test, SIGHUP-style
 * reload of the certificate and of the token file (revocation without a
 * restart), and a token file that became group-readable keeps the old tokens.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './config/load.js';
import { startServer, type RunningServer } from './server.js';

const OLD = 'tls-old-token-0123456789abcdef';
const NEW = 'tls-new-token-0123456789abcdef';
let dir: string;
let server: RunningServer;

function makeCert(name: string): void {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  writeFileSync(join(dir, `${name}.pem`), readFileSync(join(dir, 'cert.pem')));
}

function get(path: string, token: string, ca: string): Promise<{ status: number; peer: string }> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: readFileSync(join(dir, ca)), headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      const peer = new X509Certificate((res.socket as TLSSocket).getPeerCertificate(false).raw).subject;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, peer }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sgiod-tls-'));
  makeCert('first');
  writeFileSync(join(dir, 'tokens'), `${OLD} read old\n`, { mode: 0o600 });
  server = await startServer(
    resolveConfig({ host: '0.0.0.0', port: 0, logLevel: 'silent', tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem'), tokensFiles: [join(dir, 'tokens')] }),
  );
}, 30_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sgiod over TLS', () => {
  it('serves HTTPS on a non-loopback address with the given certificate', async () => {
    expect(server.url).toMatch(/^https:/);
    expect(await get('/v1/devices', OLD, 'first.pem')).toEqual({ status: 200, peer: 'CN=first' });
    expect((await get('/v1/devices', NEW, 'first.pem')).status).toBe(401);
  });

  it('reloads tokens and certificate; keeps the old tokens when the file became readable by others', async () => {
    makeCert('second');
    writeFileSync(join(dir, 'tokens'), `${NEW} read new\n`);
    server.reload();
    expect(await get('/v1/devices', NEW, 'second.pem')).toEqual({ status: 200, peer: 'CN=second' });
    expect((await get('/v1/devices', OLD, 'second.pem')).status).toBe(401);
    writeFileSync(join(dir, 'tokens'), `${OLD} read old\n`);
    chmodSync(join(dir, 'tokens'), 0o644);
    expect(() => server.reload()).toThrow(/readable by group or others/);
    expect((await get('/v1/devices', NEW, 'second.pem')).status).toBe(200);
    expect((await get('/v1/devices', OLD, 'second.pem')).status).toBe(401);
  });
});
