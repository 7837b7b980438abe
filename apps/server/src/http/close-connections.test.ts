/**
 * `app.close()` of a listening sgiod with clients still connected: a
 * connection that never sent a request (what a browser's preconnect leaves)
 * and an idle keep-alive one are closed at once, over HTTP and HTTPS; a
 * request in progress gets its whole answer, marked `Connection: close`,
 * and then its connection ends.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { ServerMetrics } from '../metrics/metrics.js';
import { auth, testConfig, TOKENS } from '../test-support/app.js';
import { FakeDevices } from '../test-support/fake-devices.js';

/** Fake devices whose INQUIRY waits until the test lets it go. */
class HeldDevices extends FakeDevices {
  held: (() => void) | undefined;
  readonly arrived: Promise<void>;
  #arrive!: () => void;
  constructor() {
    super();
    this.arrived = new Promise((resolve) => (this.#arrive = resolve));
  }
  override async inquiry(): Promise<Uint8Array> {
    await new Promise<void>((resolve) => {
      this.held = resolve;
      this.#arrive();
    });
    return super.inquiry();
  }
}

let app: FastifyInstance | undefined;
let dir: string | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function listening(devices = new FakeDevices(), https?: { key: Buffer; cert: Buffer }): Promise<number> {
  app = await buildApp(testConfig(), { devices, metrics: new ServerMetrics({ processMetrics: false }), logger: false, ...(https ? { https } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as { port: number }).port;
}

function closed(socket: Socket): Promise<void> {
  return socket.destroyed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

/** `app.close()`'s duration, failing past `ms` (the bug this guards against waited for the 120 s idle timeout). */
async function closeWithin(ms: number): Promise<number> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([app!.close(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`app.close() did not end within ${ms} ms`)), ms)))]);
  clearTimeout(timer);
  app = undefined;
  return performance.now() - t0;
}

describe('closing with clients connected', () => {
  it('closes a connection that never sent a request, and an idle keep-alive one, at once', async () => {
    const port = await listening();
    const silent = netConnect(port, '127.0.0.1');
    silent.on('error', () => undefined);
    await new Promise((resolve) => silent.once('connect', resolve));
    const agent = new Agent({ keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      httpRequest({ port, host: '127.0.0.1', path: '/v1/devices', agent, headers: auth(TOKENS.read) }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(200);
    const idle = Object.values(agent.freeSockets).flat()[0]!;
    expect(idle, 'the agent kept the connection').toBeDefined();
    expect(await closeWithin(2000)).toBeLessThan(2000);
    await Promise.all([closed(silent), closed(idle)]);
    agent.destroy();
  });

  it('closes connections that never sent a request over HTTPS too, before and after the TLS handshake', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sgiod-close-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const port = await listening(new FakeDevices(), { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) });
    const tcp = netConnect(port, '127.0.0.1');
    tcp.on('error', () => undefined);
    await new Promise((resolve) => tcp.once('connect', resolve));
    const tls = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false });
    tls.on('error', () => undefined);
    await new Promise((resolve) => tls.once('secureConnect', resolve));
    expect(await closeWithin(2000)).toBeLessThan(2000);
    await Promise.all([closed(tcp), closed(tls)]);
  });

  it('lets a request in progress finish with Connection: close, then ends its connection', async () => {
    const devices = new HeldDevices();
    const port = await listening(devices);
    const agent = new Agent({ keepAlive: true });
    let socket: Socket | undefined;
    const answer = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', path: '/v1/devices/sg0', agent, headers: auth(TOKENS.read) }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      });
      req.on('socket', (s) => (socket = s));
      req.on('error', reject);
      req.end();
    });
    await devices.arrived;
    const closing = closeWithin(5000);
    // close() is under way and waits for the request
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(socket!.destroyed).toBe(false);
    devices.held!();
    const got = await answer;
    expect(got.status).toBe(200);
    expect(got.connection).toBe('close');
    expect(JSON.parse(got.body)).toMatchObject({ device: { id: 'sg0' } });
    expect(await closing).toBeLessThan(5000);
    await closed(socket!);
    agent.destroy();
  });
});
