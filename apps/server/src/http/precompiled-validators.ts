/**
 * Request validators generated ahead of time, looked up by what they were
 * generated from: the validator side of precompiled-serializers.ts.
 *
 * Fastify's Ajv compiler builds an Ajv instance (it compiles the shared
 * schemas) and then each route's validator on its first request: about
 * 6 ms of sgiod's first device answer in the lab, and the body of
 * `POST .../commands` is a 14 KB validator. `precompiled-validators.generated.ts`
 * holds Ajv's standalone source of every route's request schemas (params,
 * querystring, headers, body), compiled with the options sgiod runs with,
 * as functions of the bundle.
 *
 * Each is used only for the schema it was generated from: keyed by a
 * SHA-256 of the schema, the shared schemas it refers to and the Ajv
 * options Fastify passes (coercion, defaults, ...; see schema-key.ts).
 * Anything else compiles on first use as before. A unit test fails while
 * the table is stale: `pnpm --filter @sgio/server run generate:schemas`.
 */

/** A validator function as Ajv's standalone code defines it (Fastify reads `errors` after a failure). */
export interface StandaloneValidate {
  (data: unknown): boolean;
  /** The errors of the last failed call. */
  errors?: unknown;
}

/** Ajv's standalone module, verbatim, as a function of the CommonJS `require` and `module` it expects. */
export type ValidatorSource = (require: (id: string) => unknown, module: { exports: unknown }) => void;

/** Generated validators by `schemaKey` (schema-key.ts), with the runtime modules their code requires. */
export interface PrecompiledValidators {
  /** The modules Ajv's standalone code may require (e.g. `ajv/dist/runtime/ucs2length`), by the id it requires them with. */
  readonly runtime: Readonly<Record<string, unknown>>;
  /** The generated modules. */
  readonly validators: Readonly<Record<string, ValidatorSource>>;
}

/**
 * What `require(id)` returns for a CommonJS module imported here as a
 * namespace (`import * as ns`): Node hands ES modules a CommonJS module's
 * `module.exports` as `ns.default`, while Vite and esbuild, for a module
 * flagged `__esModule`, make `ns.default` its `exports.default`. Ajv's
 * runtime modules are flagged and export `default`; the generated code reads
 * `require(id).default`, so both shapes must give the object holding it.
 */
export function commonJsExports(ns: Readonly<Record<string, unknown>>): unknown {
  const given = ns.default;
  return typeof given === 'object' && given !== null ? given : ns;
}

/**
 * Runs the generated module of `key` and returns its validator; undefined
 * when the table has none. Throws when the module requires one the table
 * does not provide (the generator imports every one its modules name, and a
 * unit test restores each entry).
 */
export function restoreValidator(table: PrecompiledValidators, key: string): StandaloneValidate | undefined {
  const source = table.validators[key];
  if (!source) return undefined;
  const require = (id: string): unknown => {
    if (!(id in table.runtime)) throw new Error(`precompiled validator ${key.slice(0, 12)} requires ${id}, which the table does not provide`);
    return table.runtime[id];
  };
  const module = { exports: undefined as unknown };
  source(require, module);
  return typeof module.exports === 'function' ? (module.exports as StandaloneValidate) : undefined;
}
