/** `GET /healthz`: liveness, without authentication. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DeviceAccess } from '../devices/access.js';

/** Registers the health route. */
export function healthRoutes(app: FastifyInstance, devices: DeviceAccess): void {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness',
        tags: ['server'],
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: Type.Object({ status: Type.Literal('shutting-down') }) },
      },
    },
    async (_request, reply) => {
      if (devices.closing) return reply.code(503).send({ status: 'shutting-down' });
      return { status: 'ok' as const };
    },
  );
}
