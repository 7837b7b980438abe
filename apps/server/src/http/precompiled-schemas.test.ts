import AjvCompiler from '@fastify/ajv-compiler';
import fastJsonStringify, { type Schema } from 'fast-json-stringify';
import { describe, expect, it } from 'vitest';
import { precompiledSerializersSource, precompiledValidatorsSource, recordSchemas, standaloneParts } from '../test-support/precompiled-schemas-source.js';
import { lazySerializerFactory, lazyValidatorFactory } from './lazy-schema-compilers.js';
import { restoreSerializer, type PrecompiledSerializers } from './precompiled-serializers.js';
import { PRECOMPILED_SERIALIZERS } from './precompiled-serializers.generated.js';
import { commonJsExports, restoreValidator, type PrecompiledValidators } from './precompiled-validators.js';
import { PRECOMPILED_VALIDATORS } from './precompiled-validators.generated.js';
import { schemaKey } from './schema-key.js';

const recorded = await recordSchemas();

// stale after a schema, option or fast-json-stringify/Ajv change: `pnpm --filter @sgio/server run generate:schemas`
describe('the generated tables', () => {
  it('the generated serializers are what the route schemas give today', async () => {
    await expect(precompiledSerializersSource(recorded.serializers)).toMatchFileSnapshot('./precompiled-serializers.generated.ts');
  });

  it('the generated validators are what the route schemas give today', async () => {
    await expect(precompiledValidatorsSource(recorded.validators)).toMatchFileSnapshot('./precompiled-validators.generated.ts');
  });
});

describe('precompiled response serializers', () => {
  it('cover every response schema of every route, so none is compiled while sgiod runs', () => {
    expect(recorded.serializers.length).toBeGreaterThan(50);
    const missing = recorded.serializers.filter((r) => !(r.key in PRECOMPILED_SERIALIZERS)).map((r) => r.where);
    expect(missing).toEqual([]);
  });

  it('a table entry is used only for the schema, shared schemas and options it was generated from', () => {
    const schema = { type: 'object', properties: { a: { type: 'integer' } } };
    const fake: PrecompiledSerializers = {
      [schemaKey(schema, {}, {})!]: { state: { mode: 'standalone' }, source: () => () => '"from the table"' },
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

  it('a schema JSON cannot write has no key and compiles as without the tables', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer', examples: [1n] } } };
    expect(schemaKey(schema, {}, {})).toBeUndefined();
    const serialize = lazySerializerFactory({ precompiled: PRECOMPILED_SERIALIZERS })({}, {})({ method: 'GET', url: '/x', httpStatus: '200', schema });
    expect(serialize({ n: 2 })).toBe('{"n":2}');
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

  it('answer as before: a device row, a problem document', async () => {
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

describe('precompiled request validators', () => {
  it('cover every request schema of every route, and each restores without Ajv', () => {
    expect(recorded.validators.length).toBeGreaterThan(10);
    const missing = recorded.validators.filter((r) => !(r.key in PRECOMPILED_VALIDATORS.validators)).map((r) => r.where);
    expect(missing).toEqual([]);
    for (const key of Object.keys(PRECOMPILED_VALIDATORS.validators)) expect(typeof restoreValidator(PRECOMPILED_VALIDATORS, key)).toBe('function');
  });

  it("validate, coerce and fill defaults as Ajv does, with errors readable as Fastify reads them (Ajv's standalone source, restored)", () => {
    const schema = { type: 'object', properties: { id: { type: 'string', maxLength: 4 }, n: { type: 'integer', default: 3 } }, required: ['id'] };
    const ajvOptions = { customOptions: { coerceTypes: 'array' as const, useDefaults: true } };
    // the round trip the generator makes: Ajv's standalone module, wrapped as a function of (require, module)
    let code = '';
    const write = AjvCompiler.StandaloneValidator({ readMode: false, storeFunction: (_route, c) => (code = c) });
    write({}, { ...ajvOptions })({ method: 'GET', url: '/x', httpPart: 'querystring', schema });
    expect(code).toContain('require("ajv/dist/runtime/ucs2length")');
    const key = schemaKey(schema, {}, ajvOptions)!;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the generated text, as the table holds it
    const source = new Function('require', 'module', code) as PrecompiledValidators['validators'][string];
    const table: PrecompiledValidators = { runtime: PRECOMPILED_VALIDATORS.runtime, validators: { [key]: source } };
    const validate = lazyValidatorFactory({ precompiled: table })({}, ajvOptions)({ method: 'GET', url: '/x', httpPart: 'querystring', schema });
    const data: Record<string, unknown> = { id: 7 };
    expect(validate(data)).toBe(true);
    expect(data).toEqual({ id: '7', n: 3 });
    expect(validate({ id: '\u{1F600}\u{1F600}\u{1F600}\u{1F600}' })).toBe(true); // 4 code points, 8 UTF-16 units: ucs2length counts points
    expect(validate({ id: 'toolong' })).toBe(false);
    expect(validate.errors?.[0]).toEqual(expect.objectContaining({ keyword: 'maxLength' }));
    expect(validate({})).toBe(false);
    expect(validate.errors?.[0]).toEqual(expect.objectContaining({ keyword: 'required' }));
  });

  it('a table entry is used only for the schema, shared schemas and options it was generated from', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } } };
    const one = recordOne(schema, { customOptions: { coerceTypes: 'array' } });
    const table: PrecompiledValidators = { runtime: {}, validators: { [one.key]: one.source } };
    // other options: Ajv compiles (no coercion here, so a string fails), and the table entry is not run
    const validate = lazyValidatorFactory({ precompiled: table })({}, { customOptions: { coerceTypes: false } })({ method: 'GET', url: '/x', httpPart: 'querystring', schema });
    expect(validate({ n: '5' })).toBe(false);
    expect(one.used()).toBe(false);
  });

  it("a CommonJS module's exports, as Node and as Vite/esbuild hand them to an ES module", () => {
    const fn = (): number => 1;
    const exportsObject = { default: fn };
    expect(commonJsExports({ default: exportsObject })).toBe(exportsObject); // Node: ns.default is module.exports
    const flagged = { default: fn };
    expect(commonJsExports(flagged)).toBe(flagged); // __esModule interop: ns.default is exports.default
  });

  it('a module the table does not provide is an error, not a silent other validator', () => {
    const table: PrecompiledValidators = { runtime: {}, validators: { k: (require) => void require('ajv/dist/runtime/equal') } };
    expect(() => restoreValidator(table, 'k')).toThrow(/requires ajv\/dist\/runtime\/equal/);
    expect(restoreValidator(table, 'absent')).toBeUndefined();
  });
});

/** A table entry for `schema` made as the generator makes it, and whether the lazy factory ran it. */
function recordOne(schema: object, ajvOptions: object): { key: string; source: PrecompiledValidators['validators'][string]; used: () => boolean } {
  let ran = false;
  const real = lazyValidatorFactory()({}, ajvOptions)({ method: 'GET', url: '/x', httpPart: 'querystring', schema });
  const source: PrecompiledValidators['validators'][string] = (_require, module) => {
    ran = true;
    module.exports = (data: unknown) => real(data);
    Object.defineProperty(module.exports, 'errors', { get: () => real.errors });
  };
  return { key: schemaKey(schema, {}, ajvOptions)!, source, used: () => ran };
}
