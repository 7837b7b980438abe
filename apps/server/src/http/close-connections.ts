/**
 * Ends client connections when sgiod closes, so `app.close()` never waits on
 * a client.
 *
 * Node's `server.close()` waits until every connection has closed. Its own
 * `closeIdleConnections()` (which Fastify calls) closes only connections
 * that finished a request: a connection that was opened and never sent one
 * counts as active in Node, and once `close()` has begun Node no longer
 * expires it by `headersTimeout` either. Browsers open such connections
 * ahead of need (Chromium's preconnect), so close waited for the browser,
 * up to the idle timeout (120 s by default). This module keeps its own
 * account instead:
 *
 * - every accepted connection (the TCP socket, also under TLS), and
 * - the requests in progress on each, from Fastify's `onRequest` until the
 *   response closed.
 *
 * When closing starts (`preClose`), every connection without a request in
 * progress is destroyed: nothing is lost, the client had not asked for
 * anything, or had its answer. Requests in progress finish: responses not
 * sent yet carry `Connection: close`, and a connection whose last request
 * ends is ended (its unsent data flushed first, then destroyed after
 * {@link END_GRACE_MS} if the client keeps it open).
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** How long a connection ended during shutdown may stay half-open before it is destroyed. */
export const END_GRACE_MS = 2000;

/** The connection's peer as a key: the same for a TLS socket and the TCP socket under it. */
function peerKey(socket: Socket): string | undefined {
  return socket.remoteAddress === undefined ? undefined : `${socket.remoteAddress}|${socket.remotePort ?? ''}`;
}

/** Installs the account on `app` (call before `listen`). */
export function installCloseConnections(app: FastifyInstance): void {
  /** Accepted TCP sockets by peer. */
  const open = new Map<string, Socket>();
  /** Requests in progress by peer. */
  const busy = new Map<string, number>();
  let closing = false;

  const end = (key: string): void => {
    const socket = open.get(key);
    if (!socket || socket.destroyed) return;
    socket.end();
    setTimeout(() => socket.destroy(), END_GRACE_MS).unref();
  };

  app.server.on('connection', (socket: Socket) => {
    const key = peerKey(socket);
    if (key === undefined) return; // already gone
    if (closing) {
      socket.destroy();
      return;
    }
    open.set(key, socket);
    socket.once('close', () => {
      if (open.get(key) === socket) open.delete(key);
    });
  });

  app.addHook('onRequest', (request, reply, done) => {
    const key = peerKey(request.raw.socket);
    if (key !== undefined) {
      busy.set(key, (busy.get(key) ?? 0) + 1);
      // 'close' comes once per response, whether it ended or the client went away
      reply.raw.once('close', () => {
        const left = (busy.get(key) ?? 1) - 1;
        if (left > 0) busy.set(key, left);
        else {
          busy.delete(key);
          if (closing) end(key);
        }
      });
    }
    done();
  });

  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing && !reply.raw.headersSent) reply.header('connection', 'close');
    done(null, payload);
  });

  app.addHook('preClose', (done) => {
    closing = true;
    for (const [key, socket] of open) if (!busy.has(key)) socket.destroy();
    done();
  });
}
