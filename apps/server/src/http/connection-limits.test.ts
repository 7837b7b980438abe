/**
 * The connection cap and the headers timeout on a real listening socket
 * (Node's HTTP server under Fastify, as sgiod builds it): a third
 * connection over a cap of two is refused, and clients that never finish
 * their headers are answered 408 and closed within the timeout.
 */
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../test-support/app.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let app: FastifyInstance | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await app?.close();
  app = undefined;
});

describe('connection limits', () => {
  it('refuses a connection over --max-connections and closes one that sends no headers within --headers-timeout', async () => {
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
    // a third connection over the cap of 2: the server closes it without reading or answering
    const third = await open();
    const refused = await new Promise<{ at: number; text: string }>((resolve) => {
      let text = '';
      third.on('data', (d: Buffer) => (text += d.toString()));
      third.on('close', () => resolve({ at: performance.now() - since, text }));
    });
    expect(refused.text, 'a third connection over the cap of 2').toBe('');
    expect(refused.at).toBeLessThan(1400); // before the headers timeout could have closed it
    for (const a of await Promise.all(answers)) {
      expect(a.text).toMatch(/^HTTP\/1\.1 408 /);
      expect(a.at).toBeLessThan(8000);
    }
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 30_000);
});
