/**
 * Fastify's two schema compilers (`@fastify/ajv-compiler`,
 * `@fastify/fast-json-stringify-compiler`), loaded when a schema first has
 * to be compiled rather than when sgiod starts.
 *
 * sgiod's own schemas come from the precompiled tables, so the compilers
 * (Ajv with its vocabularies, fast-json-stringify's code generator) are
 * needed only for a schema the tables lack. Each is loaded by a literal
 * `require()` where the program has one (the bundle, where esbuild turns it
 * into the bundled module's lazy init) and by `createRequire` where it does
 * not (these files as ES modules: the tests, `buildApp` users). esbuild
 * bundles only a `require()` of a literal string, so each module passes its
 * own literal `require()` to {@link load}.
 */
import { createRequire } from 'node:module';
import type AjvCompiler from '@fastify/ajv-compiler';
import type SerializerCompiler from '@fastify/fast-json-stringify-compiler';

/** `bundled()` (a literal require) in the bundle; `name` through `createRequire` in an ES module. */
function load<T>(bundled: () => unknown, name: string): T {
  return (typeof require === 'function' ? bundled() : createRequire(import.meta.url)(name)) as T;
}

/** `@fastify/ajv-compiler`, loaded on the first call. */
export function ajvCompilerModule(): typeof AjvCompiler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require() is what esbuild bundles as a lazy init
  return load(() => require('@fastify/ajv-compiler'), '@fastify/ajv-compiler');
}

/** `@fastify/fast-json-stringify-compiler`, loaded on the first call. */
export function serializerCompilerModule(): typeof SerializerCompiler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require() is what esbuild bundles as a lazy init
  return load(() => require('@fastify/fast-json-stringify-compiler'), '@fastify/fast-json-stringify-compiler');
}
