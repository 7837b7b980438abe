/**
 * Certificates and pre-shared keys for the TLS tests, made with openssl in
 * a folder: a test CA; `server` (localhost, 127.0.0.1), `client` (client
 * authentication) and `other` (a name no test connects to) signed by it;
 * `keys.psk` (alice, bob) and `wrong.psk` (alice with another key) in
 * psktool's format, mode 600. Fails (never skips) without openssl.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Fails (never skips) when a peer tool is missing. */
export function requireTool(tool: string, pkg: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`${tool} is not installed: this test needs it (Debian package ${pkg}); run scripts/bootstrap.sh as root`);
  }
}

/** Writes the CA, the three certificates and the key files into `dir`. */
export function makeTlsFixtures(dir: string): void {
  requireTool('openssl', 'openssl');
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const issue = (name: string, subject: string, extensions: string): void => {
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', subject, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`);
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca-cert.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}-cert.pem`);
  };
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=sgio test CA', '-keyout', 'ca-key.pem', '-out', 'ca-cert.pem');
  issue('server', '/CN=localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', '/CN=nbd-client', 'extendedKeyUsage=clientAuth\n');
  issue('other', '/CN=elsewhere.example', 'subjectAltName=DNS:elsewhere.example\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'keys.psk'), `alice:${'5a'.repeat(32)}\nbob:${'c3'.repeat(32)}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'wrong.psk'), `alice:${'11'.repeat(32)}\n`, { mode: 0o600 });
}

/**
 * A libnbd certificates folder `dir/name`: the CA, and a client certificate
 * (as client-cert.pem/client-key.pem) when `client` names one. Made once.
 */
export function clientCertDir(dir: string, name: string, client?: string): string {
  const d = join(dir, name);
  if (existsSync(d)) return d;
  mkdirSync(d);
  copyFileSync(join(dir, 'ca-cert.pem'), join(d, 'ca-cert.pem'));
  if (client) {
    copyFileSync(join(dir, `${client}-cert.pem`), join(d, 'client-cert.pem'));
    copyFileSync(join(dir, `${client}-key.pem`), join(d, 'client-key.pem'));
  }
  return d;
}
