/**
 * The generator of `http/precompiled-serializers.generated.ts` and
 * `http/precompiled-validators.generated.ts`: builds the app (every route,
 * the console's too) as sgiod runs it, records each response schema and each
 * request schema that Fastify hands to the compiler factories, and writes
 * the standalone source of each distinct one (fast-json-stringify's, Ajv's)
 * under its key. The unit test compares the results with the files (and
 * `vitest -u`, which `pnpm --filter @sgio/server run generate:schemas`
 * runs, rewrites them).
 */
import { createRequire } from 'node:module';
import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';
import { buildApp } from '../app.js';
import { schemasReferencedBy, type ValidatorFactory } from '../http/lazy-schema-compilers.js';
import { schemaKey } from '../http/schema-key.js';
import { ServerMetrics } from '../metrics/metrics.js';
import { testConfig } from './app.js';
import { FakeDevices } from './fake-devices.js';

/** One schema as Fastify asked for its serializer or validator. */
export interface RecordedSchema {
  /** The route and status or request part, for the generated file's comments. */
  readonly where: string;
  /** The table key of the schema (`schemaKey`). */
  readonly key: string;
  /** The standalone module source for it. */
  readonly code: string;
}

/** Every response and request schema of the app, in the order Fastify compiles them. */
export async function recordSchemas(): Promise<{ serializers: RecordedSchema[]; validators: RecordedSchema[] }> {
  const serializers: RecordedSchema[] = [];
  const validators: RecordedSchema[] = [];
  const standaloneSerializer = SerializerSelector();
  const serializerRecorder: SerializerFactory = (externalSchemas, options) => (route) => {
    const referenced = schemasReferencedBy(route.schema, externalSchemas);
    const code = standaloneSerializer(referenced, { ...options, mode: 'standalone' })(route) as unknown as string;
    const contentType = (route as { contentType?: string }).contentType;
    serializers.push({ where: `${route.method} ${route.url} ${route.httpStatus}${contentType ? ` ${contentType}` : ''}`, key: schemaKey(route.schema, referenced, options)!, code });
    return (doc: unknown) => JSON.stringify(doc);
  };
  let stored = '';
  const standaloneValidator = AjvCompiler.StandaloneValidator({ readMode: false, storeFunction: (_route, code) => (stored = code) });
  const validatorRecorder: ValidatorFactory = (externalSchemas, ajvOptions) => {
    // the key is taken from the options as Fastify passes them; the writer adds `code.source` to its own copy
    const compile = standaloneValidator(externalSchemas, { ...ajvOptions });
    return (route) => {
      const validate = compile(route);
      const key = schemaKey(route.schema, schemasReferencedBy(route.schema, externalSchemas), ajvOptions)!;
      validators.push({ where: `${route.method ?? ''} ${route.url ?? ''} ${route.httpPart ?? ''}`, key, code: stored });
      return validate;
    };
  };
  const app = await buildApp(testConfig({ console: true }), {
    devices: new FakeDevices(),
    metrics: new ServerMetrics({ processMetrics: false }),
    logger: false,
    serializerFactory: serializerRecorder,
    validatorFactory: validatorRecorder,
  });
  await app.ready();
  await app.close();
  return { serializers, validators };
}

/** The recorded schemas by key (sorted): the code of the first and every place that uses it. */
function distinct(recorded: readonly RecordedSchema[]): Map<string, { where: string[]; code: string }> {
  const byKey = new Map<string, { where: string[]; code: string }>();
  for (const r of recorded) {
    const entry = byKey.get(r.key) ?? { where: [], code: r.code };
    entry.where.push(r.where);
    byKey.set(r.key, entry);
  }
  return new Map([...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The version of an installed package, for the generated files' headers. */
function versionOf(name: string): string {
  return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
}

/** `where` as a comment line. */
function usedBy(where: readonly string[], indent: string): string {
  return `${indent}// ${where.length} use${where.length === 1 ? '' : 's'}, e.g. ${where[0]}`;
}

/**
 * Splits fast-json-stringify's standalone module into the helper object's
 * state (JSON) and the function's text; undefined for a module that needs a
 * validator (a schema with anyOf, oneOf or if/then), which is left to be
 * compiled on first use.
 */
export function standaloneParts(code: string): { state: string; fn: string } | undefined {
  const state = /const serializerState = (\{.*\})\n/.exec(code)?.[1];
  if (state === undefined || !/const validator = null\n/.test(code)) return undefined;
  const start = code.indexOf('module.exports = ');
  const end = code.lastIndexOf('(validator, serializer)');
  if (start < 0 || end < start) return undefined;
  const fn = code
    .slice(start + 'module.exports = '.length, end)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n');
  return { state, fn };
}

/** The serializers module's text for the recorded response schemas (one entry per distinct key, sorted). */
export function precompiledSerializersSource(recorded: readonly RecordedSchema[]): string {
  const out: string[] = [
    '// Generated by src/test-support/precompiled-schemas-source.ts from the route schemas:',
    '// regenerate with `pnpm --filter @sgio/server run generate:schemas`. Do not edit.',
    `// fast-json-stringify ${versionOf('fast-json-stringify')}, standalone mode; see http/precompiled-serializers.ts.`,
    '/* eslint-disable */',
    '// @ts-nocheck',
    "import type { PrecompiledSerializers } from './precompiled-serializers.js';",
    '',
    '/** Generated response serializers by `schemaKey` (schema-key.ts) of their schema. */',
    'export const PRECOMPILED_SERIALIZERS: PrecompiledSerializers = {',
  ];
  const skipped: string[] = [];
  for (const [key, { where, code }] of distinct(recorded)) {
    const parsed = standaloneParts(code);
    if (!parsed) {
      skipped.push(...where);
      continue;
    }
    out.push(usedBy(where, '  '), `  '${key}': {`, `    state: ${parsed.state},`, `    source: ${parsed.fn},`, '  },');
  }
  out.push('};', '');
  if (skipped.length > 0) out.push(`// not generated (they need a validator; compiled on first use): ${skipped.join('; ')}`, '');
  return out.join('\n');
}

/** The modules Ajv's standalone code of `recorded` requires, sorted. */
export function requiredModules(recorded: readonly RecordedSchema[]): string[] {
  const ids = new Set<string>();
  for (const r of recorded) for (const m of r.code.matchAll(/require\("([^"]+)"\)/g)) ids.add(m[1]!);
  return [...ids].sort();
}

/** The validators module's text for the recorded request schemas: each Ajv module verbatim inside a function of (require, module). */
export function precompiledValidatorsSource(recorded: readonly RecordedSchema[]): string {
  const modules = requiredModules(recorded);
  const out: string[] = [
    '// Generated by src/test-support/precompiled-schemas-source.ts from the route schemas:',
    '// regenerate with `pnpm --filter @sgio/server run generate:schemas`. Do not edit.',
    `// ajv ${versionOf('ajv')}, standalone code with the options sgiod runs with; see http/precompiled-validators.ts.`,
    '/* eslint-disable */',
    '// @ts-nocheck',
    "import { commonJsExports, type PrecompiledValidators } from './precompiled-validators.js';",
    ...modules.map((id, i) => `import * as runtime${i} from '${id}.js';`),
    '',
    '/** Generated request validators by `schemaKey` (schema-key.ts) of their schema. */',
    'export const PRECOMPILED_VALIDATORS: PrecompiledValidators = {',
    '  runtime: {',
    ...modules.map((id, i) => `    '${id}': commonJsExports(runtime${i}),`),
    '  },',
    '  validators: {',
  ];
  for (const [key, { where, code }] of distinct(recorded)) {
    out.push(usedBy(where, '    '), `    '${key}': function (require, module) {`, code, '    },');
  }
  out.push('  },', '};', '');
  return out.join('\n');
}
