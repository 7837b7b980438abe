/**
 * `--max-connections`: at most that many client connections are served at
 * once. A connection over the cap is not dropped in silence (a client could
 * not tell a full server from a dead one): its first request is answered
 * `503 Service Unavailable` with `Retry-After` and `Connection: close`,
 * before authentication and before any route runs, so nothing it asks for
 * is done. Only when even the overflow allowance is used up does Node close
 * further connections unanswered (its own `maxConnections`).
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../errors/problem-error.js';

/** How many connections beyond the cap are still accepted, to be told 503; beyond that Node drops them unanswered. */
export function overflowAllowance(cap: number): number {
  return Math.max(8, Math.ceil(cap / 8));
}

/**
 * Installs the cap on `app`'s server. Register it before the authentication
 * hook: an over-cap request is answered 503 whatever its token.
 * @param tls whether the server speaks HTTPS (connections count once their TLS handshake is done)
 */
export function installConnectionCap(app: FastifyInstance, cap: number, tls: boolean): void {
  const served = new Set<Socket>();
  const overCap = new WeakSet<Socket>();
  app.server.maxConnections = cap + overflowAllowance(cap);
  app.server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    if (served.size >= cap) {
      overCap.add(socket);
      return;
    }
    served.add(socket);
    socket.once('close', () => served.delete(socket));
  });
  app.addHook('onRequest', (request, _reply, done) => {
    if (!overCap.has(request.raw.socket)) {
      done();
      return;
    }
    done(
      new ProblemError(
        503,
        'too-many-connections',
        'Too many connections',
        `sgiod serves at most ${cap} connections at once (--max-connections) and all are in use; retry after the Retry-After seconds, or reuse one keep-alive connection for many requests.`,
        { extensions: { maxConnections: cap }, headers: { 'retry-after': '1', connection: 'close' } },
      ),
    );
  });
}
