/** `GET /metrics`: Prometheus text exposition. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from '../metrics/metrics.js';
import { problemResponses } from '../schemas/common.js';

/** Registers the metrics route. */
export function metricsRoutes(app: FastifyInstance, metrics: ServerMetrics): void {
  app.get(
    '/metrics',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Prometheus metrics',
        tags: ['server'],
        produces: ['text/plain'],
        response: { 200: Type.String({ description: 'Prometheus text format' }), ...problemResponses() },
      },
    },
    async (_request, reply) => {
      const text = await metrics.render();
      return reply.type(metrics.contentType).send(text);
    },
  );
}
