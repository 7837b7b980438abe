/**
 * `request.clientSignal`: an AbortSignal that aborts when the client closes
 * the connection before its response was sent, so the device work done for
 * it stops (core withdraws commands still waiting and settles issued ones at
 * once, retiring their lane).
 */
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Aborts when the client goes away before the response is complete. */
    clientSignal: AbortSignal;
  }
}

/** The reason a client signal aborts with. */
export class ClientGoneError extends Error {
  /** Stable code. */
  readonly code = 'ERR_CLIENT_GONE';
  constructor() {
    super('the client closed the connection before the response was sent; its device work was abandoned');
    this.name = 'ClientGoneError';
  }
}

/** Gives every request a {@link FastifyRequest.clientSignal}. */
export function installClientSignal(app: FastifyInstance): void {
  app.decorateRequest('clientSignal', undefined as unknown as AbortSignal);
  app.addHook('onRequest', (request, reply, done) => {
    const controller = new AbortController();
    request.clientSignal = controller.signal;
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) controller.abort(new ClientGoneError());
    });
    done();
  });
}
