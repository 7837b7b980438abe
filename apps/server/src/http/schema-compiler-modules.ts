/**
 * Fastify's two schema compilers (`@fastify/ajv-compiler`,
 * `@fastify/fast-json-stringify-compiler`), loaded when a schema first has
 * to be compiled rather than when sgiod starts.
 *
 * sgiod's own schemas come from the precompiled tables, so the compilers
 * (Ajv with its vocabularies, fast-json-stringify's code generator) are
 * needed only for a schema the tables lack. Each loader is a literal
 * `require()` where the program has one (the bundle, where esbuild turns it
 * into the bundled module's lazy init) and `createRequire` where it does
 * not (these files as ES modules: the tests, `buildApp` users). The two
 * loaders cannot share one function taking the module's name: esbuild
 * bundles only a `require()` of a literal string.
 */
import { createRequire } from 'node:module';
import type AjvCompiler from '@fastify/ajv-compiler';
import type SerializerCompiler from '@fastify/fast-json-stringify-compiler';

/** `@fastify/ajv-compiler`, loaded on the first call. */
export function ajvCompilerModule(): typeof AjvCompiler {
  return (
    typeof require === 'function'
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require() is what esbuild bundles as a lazy init
        require('@fastify/ajv-compiler')
      : createRequire(import.meta.url)('@fastify/ajv-compiler')
  ) as typeof AjvCompiler;
}

/** `@fastify/fast-json-stringify-compiler`, loaded on the first call. */
export function serializerCompilerModule(): typeof SerializerCompiler {
  return (
    typeof require === 'function'
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require() is what esbuild bundles as a lazy init
        require('@fastify/fast-json-stringify-compiler')
      : createRequire(import.meta.url)('@fastify/fast-json-stringify-compiler')
  ) as typeof SerializerCompiler;
}
