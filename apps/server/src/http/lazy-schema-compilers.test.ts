import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { FakeDevices } from '../test-support/fake-devices.js';
import { testConfig } from '../test-support/app.js';
import { ServerMetrics } from '../metrics/metrics.js';
import { lazySerializerFactory, lazyValidatorFactory, schemasReferencedBy } from './lazy-schema-compilers.js';

const schema = { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } }, required: ['a'] };

describe('lazy schema compilers', () => {
  it('serialize as fast-json-stringify does', () => {
    const serialize = lazySerializerFactory()({}, {})({ method: 'GET', url: '/x', httpStatus: '200', schema });
    // extra properties are dropped, as with Fastify's default compiler
    expect(serialize({ a: 1, b: 'x', c: true })).toBe('{"a":1,"b":"x"}');
    expect(serialize({ a: 2 })).toBe('{"a":2}');
  });

  it('give each serializer only the shared schemas it refers to, through each other too', () => {
    const shared = {
      Problem: { $id: 'Problem', type: 'object', properties: { title: { type: 'string' }, cause: { $ref: 'Cause#' } } },
      Cause: { $id: 'Cause', type: 'object', properties: { code: { type: 'string' } } },
      DeviceRow: { $id: 'DeviceRow', type: 'object', properties: { name: { type: 'string' } } },
    };
    expect(schemasReferencedBy(schema, shared)).toEqual({});
    expect(Object.keys(schemasReferencedBy({ type: 'array', items: [{ $ref: 'Problem#' }] }, shared)).sort()).toEqual(['Cause', 'Problem']);
    expect(Object.keys(schemasReferencedBy({ anyOf: [{ $ref: 'DeviceRow#/properties/name' }] }, shared))).toEqual(['DeviceRow']);
    expect(schemasReferencedBy({ $ref: 'Missing#' }, shared)).toEqual({});
    const serialize = lazySerializerFactory()(shared, {})({ method: 'GET', url: '/p', httpStatus: '404', schema: { $ref: 'Problem#' } });
    expect(serialize({ title: 'gone', cause: { code: 'x', extra: 1 }, other: 2 })).toBe('{"title":"gone","cause":{"code":"x"}}');
  });

  it('validate as Ajv does, with its errors readable from the function as Fastify reads them', () => {
    const validate = lazyValidatorFactory()({}, { customOptions: { coerceTypes: 'array' } })({ method: 'GET', url: '/x', httpPart: 'querystring', schema });
    expect(validate.errors).toBeUndefined();
    const data = { a: '3' };
    expect(validate(data)).toBe(true);
    expect(data.a).toBe(3);
    expect(validate({ b: 'x' })).toBe(false);
    expect(validate.errors?.[0]).toEqual(expect.objectContaining({ keyword: 'required' }));
  });

  it('every schema of the app compiles (what the lazy factories defer to first use)', async () => {
    const app = await buildApp(testConfig(), { devices: new FakeDevices(), metrics: new ServerMetrics({ processMetrics: false }), logger: false, compileSchemasAtStart: true });
    await expect(app.ready()).resolves.toBeDefined();
    await app.close();
  });

  it('the compile at start checks each schema against the meta-schema, which the running server skips', async () => {
    // a schema keyword with a value JSON Schema does not allow: only the meta-schema check refuses it
    const bad = { type: 'object', properties: { a: { type: 'integer', minimum: 'zero' } } };
    const app = await buildApp(testConfig(), { devices: new FakeDevices(), metrics: new ServerMetrics({ processMetrics: false }), logger: false, compileSchemasAtStart: true });
    app.get('/bad', { schema: { querystring: bad } }, () => 'ok');
    await expect(app.ready()).rejects.toThrow(/schema is invalid|must be number/);
    await app.close();
  });
});
