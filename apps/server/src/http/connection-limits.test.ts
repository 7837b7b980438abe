/**
 * The connection cap and the headers timeout on a real listening socket
 * (Node's HTTP server under Fastify, as sgiod builds it): a third
 * connection over a cap of two is answered 503 and closed without running
 * anything, and clients that never finish their headers are answered 408
 * and closed within the timeout.
 */
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../test-support/app.js';
import { overflowAllowance } from './connection-cap.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let app: FastifyInstance | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await app?.close();
  app = undefined;
});

describe('connection limits', () => {
  it('answers a connection over --max-connections 503 and closes one that sends no headers within --headers-timeout', async () => {
    ({ app } = await testApp({ maxConnections: 2, headersTimeoutMs: 1500, keepAliveTimeoutMs: 1000 }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    // a slowloris client: a request line and one header, then nothing
    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => {
          s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
          resolve(s);
        }).on('error', reject);
        sockets.push(s);
      });
    const held = [await open(), await open()];
    const since = performance.now();
    const answers = held.map(
      (s) =>
        new Promise<{ at: number; text: string }>((resolve) => {
          let text = '';
          s.on('data', (d: Buffer) => (text += d.toString()));
          s.on('close', () => resolve({ at: performance.now() - since, text }));
        }),
    );
    await sleep(200);
    // a third connection over the cap of 2: its request is answered 503 (before authentication: no token here) and closed
    const third = await open();
    third.write('Authorization: Bearer wrong\r\n\r\n');
    const refused = await new Promise<{ at: number; text: string }>((resolve) => {
      let text = '';
      third.on('data', (d: Buffer) => (text += d.toString()));
      third.on('close', () => resolve({ at: performance.now() - since, text }));
    });
    expect(refused.text, 'a third connection over the cap of 2').toMatch(/^HTTP\/1\.1 503 /);
    expect(refused.text).toMatch(/\r\nretry-after: 1\r\n/i);
    expect(refused.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(refused.text).toContain('"type":"https://sgio.dev/problems/too-many-connections"');
    expect(refused.text).toContain('"maxConnections":2');
    expect(refused.at).toBeLessThan(1400); // before the headers timeout could have closed it
    for (const a of await Promise.all(answers)) {
      expect(a.text).toMatch(/^HTTP\/1\.1 408 /);
      expect(a.at).toBeLessThan(8000);
    }
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 30_000);

  it('drops connections unanswered only when the overflow allowance is used up too', async () => {
    ({ app } = await testApp({ maxConnections: 1, headersTimeoutMs: 5000 }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => resolve(s)).on('error', reject);
        sockets.push(s);
      });
    const held: Socket[] = [];
    for (let i = 0; i < 1 + overflowAllowance(1); i++) held.push(await open());
    await sleep(100);
    const dropped = await open();
    const text = await new Promise<string>((resolve) => {
      let t = '';
      dropped.on('data', (d: Buffer) => (t += d.toString()));
      dropped.on('close', () => resolve(t));
      dropped.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    });
    expect(text, 'a connection beyond cap + overflow allowance').toBe('');
    // the last over-cap connection that was accepted is still told 503
    const last = held.at(-1)!;
    const told = await new Promise<string>((resolve) => {
      let t = '';
      last.on('data', (d: Buffer) => (t += d.toString()));
      last.on('close', () => resolve(t));
      last.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    });
    expect(told).toMatch(/^HTTP\/1\.1 503 /);
  }, 30_000);
});
