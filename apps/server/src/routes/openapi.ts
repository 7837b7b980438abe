/** `GET /openapi.json`: the OpenAPI 3.1 document, generated from the route schemas. */
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../schemas/common.js';

/** Registers the OpenAPI route. */
export function openapiRoutes(app: FastifyInstance): void {
  app.get(
    '/openapi.json',
    {
      config: { scope: 'read' },
      schema: { summary: 'This API as OpenAPI 3.1', tags: ['server'], hide: true, response: problemResponses() },
    },
    async (_request, reply) => reply.type('application/json').send(app.swagger()),
  );
}
