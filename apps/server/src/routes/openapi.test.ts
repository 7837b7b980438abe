import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { auth, testApp, TOKENS } from '../test-support/app.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('/openapi.json and /metrics', () => {
  it('serves an OpenAPI 3.1 document of every route, with bearer security', async () => {
    ({ app } = await testApp());
    const r = await app.inject({ url: '/openapi.json', headers: auth(TOKENS.read) });
    expect(r.statusCode).toBe(200);
    const doc = r.json<{ openapi: string; paths: Record<string, Record<string, { security?: unknown; requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>>; components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> } }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/healthz',
        '/metrics',
        '/v1/devices',
        '/v1/devices/{id}',
        '/v1/devices/{id}/blocks',
        '/v1/devices/{id}/commands',
        '/v1/devices/{id}/health',
        '/v1/devices/{id}/log/{page}',
        '/v1/devices/{id}/mode/{page}',
        '/v1/devices/{id}/vpd/{page}',
      ].sort(),
    );
    expect(doc.paths['/healthz']!.get!.security).toEqual([]);
    expect(doc.paths['/v1/devices/{id}/blocks']!.put!.requestBody.content['application/octet-stream']!).toBeDefined();
    expect(doc.paths['/v1/devices/{id}/commands']!.post!.requestBody.content['application/json']!.schema.properties.cdb).toBeDefined();
    expect(doc.components.schemas.Problem).toBeDefined();
  });

  it('counts HTTP requests and renders Prometheus text', async () => {
    ({ app } = await testApp());
    await app.inject({ url: '/v1/devices', headers: auth(TOKENS.read) });
    await app.inject({ url: '/v1/devices' });
    const r = await app.inject({ url: '/metrics', headers: auth(TOKENS.read) });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.body).toContain('sgiod_http_requests_total{method="GET",route="/v1/devices",status="200"} 1');
    expect(r.body).toContain('sgiod_http_requests_total{method="GET",route="/v1/devices",status="401"} 1');
    expect(r.body).toContain('# TYPE sgiod_scsi_commands_total counter');
  });
});
