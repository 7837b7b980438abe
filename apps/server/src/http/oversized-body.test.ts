/**
 * The early 413 for JSON bodies over their route's limit, on a real
 * listening socket: the answer comes before the body is sent, the
 * connection stays open while the client sends it anyway (nothing is reset
 * under a slow client), and the next request on it is served. A body
 * declared over LINGER_MAX_BYTES gets the 413 with `Connection: close`.
 */
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { commandBodyLimit } from '../routes/commands.js';
import { TOKENS, testApp } from '../test-support/app.js';
import { until } from '../test-support/until.js';
import { LINGER_MAX_BYTES } from './oversized-body.js';

let app: FastifyInstance | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await app?.close();
  app = undefined;
});

/** A raw client connection that collects what the server sends and how the connection ended. */
async function client(port: number): Promise<{ socket: Socket; received: () => string; ended: Promise<string> }> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s)).on('error', reject);
    sockets.push(s);
  });
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  const ended = new Promise<string>((resolve) => {
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    socket.on('close', () => resolve('closed'));
  });
  return { socket, received: () => text, ended };
}

const head = (length: number): string =>
  `POST /v1/devices/sg0/commands HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKENS.raw}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

describe('a JSON body over its route limit', () => {
  it('is answered 413 before it is sent, on a connection that stays open while the client sends it and then serves the next request', async () => {
    ({ app } = await testApp({ commandMaxTransferBytes: 4096 }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const length = commandBodyLimit({ commandMaxTransferBytes: 4096 }) + 500_000;
    const c = await client(port);
    c.socket.write(head(length));
    await until('the 413', () => c.received().includes('\r\n\r\n{'));
    expect(c.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(c.received()).toMatch(/body-too-large/);
    expect(c.received()).not.toMatch(/\r\nconnection: close\r\n/i);
    // the client sends its body anyway, slowly: it is read and dropped, never reset
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent < length; sent += chunk.length) {
      const ok = c.socket.write(chunk.subarray(0, Math.min(chunk.length, length - sent)));
      if (!ok) await new Promise((r) => c.socket.once('drain', r));
      await new Promise((r) => setTimeout(r, 2));
    }
    const before = c.received().length;
    c.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await until('the next answer on the same connection', () => /HTTP\/1\.1 200 /.test(c.received().slice(before)));
    expect(c.socket.destroyed).toBe(false);
  });

  it(`over ${LINGER_MAX_BYTES} bytes declared, is answered 413 with Connection: close at once`, async () => {
    ({ app } = await testApp({ commandMaxTransferBytes: 4096 }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const c = await client(port);
    c.socket.write(head(LINGER_MAX_BYTES + 1));
    expect(await c.ended).toBe('closed');
    expect(c.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(c.received()).toMatch(/\r\nconnection: close\r\n/i);
  });

  it('leaves bodies within the limit and streamed block writes to their routes', async () => {
    ({ app } = await testApp({ commandMaxTransferBytes: 4096 }));
    const small = await app.inject({ method: 'POST', url: '/v1/devices/sg0/commands', headers: { authorization: `Bearer ${TOKENS.raw}`, 'content-type': 'application/json' }, payload: '{"command": ' });
    expect(small.statusCode).toBe(400); // reached fastify's JSON parser: malformed, not too large
  });
});
