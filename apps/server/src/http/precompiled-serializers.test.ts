import fastJsonStringify, { type Schema } from 'fast-json-stringify';
import { describe, expect, it } from 'vitest';
import { precompiledSerializersSource, recordResponseSchemas, standaloneParts } from '../test-support/precompiled-serializers-source.js';
import { lazySerializerFactory } from './lazy-schema-compilers.js';
import { restoreSerializer, serializerKey, type PrecompiledSerializers } from './precompiled-serializers.js';
import { PRECOMPILED_SERIALIZERS } from './precompiled-serializers.generated.js';

const recorded = await recordResponseSchemas();

describe('precompiled response serializers', () => {
  it('the generated table is what the route schemas give today', async () => {
    // stale after a schema or fast-json-stringify change: `pnpm --filter @sgio/server run generate:serializers`
    await expect(precompiledSerializersSource(recorded)).toMatchFileSnapshot('./precompiled-serializers.generated.ts');
  });

  it('covers every response schema of every route, so none is compiled while sgiod runs', () => {
    expect(recorded.length).toBeGreaterThan(50);
    const missing = recorded.filter((r) => !(r.key in PRECOMPILED_SERIALIZERS)).map((r) => r.where);
    expect(missing).toEqual([]);
  });

  it('a table entry is used only for the schema, shared schemas and options it was generated from', () => {
    const schema = { type: 'object', properties: { a: { type: 'integer' } } };
    const fake: PrecompiledSerializers = {
      [serializerKey(schema, {}, {})]: { state: { mode: 'standalone' }, source: () => () => '"from the table"' },
    };
    const factory = lazySerializerFactory({ precompiled: fake });
    const route = (s: unknown) => ({ method: 'GET', url: '/x', httpStatus: '200', schema: s });
    expect(factory({}, {})(route(schema))({ a: 1 })).toBe('"from the table"');
    // another schema, another option, or a shared schema it refers to: compiled, not looked up by route
    expect(factory({}, {})(route({ ...schema, required: ['a'] }))({ a: 1 })).toBe('{"a":1}');
    expect(factory({}, { rounding: 'floor' })(route(schema))({ a: 1.7 })).toBe('{"a":1}');
    const shared = { Thing: { $id: 'Thing', type: 'object', properties: { b: { type: 'string' } } } };
    const withRef = { type: 'object', properties: { t: { $ref: 'Thing#' } } };
    expect(factory(shared, {})(route(withRef))({ t: { b: 'x', c: 1 } })).toBe('{"t":{"b":"x"}}');
  });

  it('each generated serializer writes what fast-json-stringify compiles from its schema', () => {
    const schema = {
      type: 'object',
      properties: { n: { type: 'integer' }, s: { type: 'string' }, list: { type: 'array', items: { type: 'number' } }, flag: { type: 'boolean' } },
      required: ['n'],
    } satisfies Schema;
    const doc = { n: 7.6, s: 'a "quoted"\nline', list: [1, 2.5], flag: true, extra: 'dropped' };
    // the round trip the generator makes: standalone source, split into a table entry, restored
    // standalone mode returns the module's text (the typings say a function)
    const parts = standaloneParts(fastJsonStringify(schema, { mode: 'standalone' }) as unknown as string);
    expect(parts).toBeDefined();
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the generated text, as the table holds it
    const make = new Function(`return ${parts!.fn}`) as () => PrecompiledSerializers[string]['source'];
    const source = make();
    const entry = { state: JSON.parse(parts!.state) as Record<string, unknown>, source };
    expect(restoreSerializer(entry)(doc)).toBe(fastJsonStringify(schema)(doc));
  });

  it('answers as before: a device row, a problem document', async () => {
    const { testApp, auth, TOKENS } = await import('../test-support/app.js');
    const { app } = await testApp();
    try {
      const list = await app.inject({ method: 'GET', url: '/v1/devices', headers: auth(TOKENS.read) });
      expect(list.statusCode).toBe(200);
      expect(Array.isArray(list.json<{ devices: unknown[] }>().devices)).toBe(true);
      const missing = await app.inject({ method: 'GET', url: '/v1/devices/nope', headers: auth(TOKENS.read) });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ status: 404, title: expect.any(String) });
    } finally {
      await app.close();
    }
  });
});
