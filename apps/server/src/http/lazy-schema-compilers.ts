/**
 * Request validators and response serializers compiled when a request first
 * needs them.
 *
 * Fastify compiles an Ajv validator for every request schema and a
 * fast-json-stringify function for every response schema of every route
 * (each status code, the problem+json ones included) while the server
 * starts: in sgiod that was most of the time before the first request could
 * be answered, although many of them are never used. These factories give
 * Fastify, per schema, a function that compiles with Fastify's own default
 * compiler (same options, same shared schemas) on its first call and reuses
 * the result: the same answers, paid for once, when needed.
 *
 * One difference from Fastify's defaults: Fastify treats a compiler passed
 * as a factory as custom and hands it a route's `headers` schema unchanged
 * instead of with its property names lower-cased. sgiod's header schemas
 * name their headers in lower case already (Node delivers them so), which
 * makes the two the same; keep it that way.
 */
import type AjvCompiler from '@fastify/ajv-compiler';
import type { SerializerFactory } from '@fastify/fast-json-stringify-compiler';
import { restoreSerializer, type PrecompiledSerializers } from './precompiled-serializers.js';
import { restoreValidator, type PrecompiledValidators } from './precompiled-validators.js';
import { ajvCompilerModule, serializerCompilerModule } from './schema-compiler-modules.js';
import { schemaKey } from './schema-key.js';

/** A validator factory for Fastify's `schemaController.compilersFactory.buildValidator`. */
export type ValidatorFactory = AjvCompiler.ValidatorFactory;

/** How {@link lazySerializerFactory} compiles. */
export interface SerializerFactoryOptions {
  /** Compile each serializer when Fastify asks for it (at start) instead of on first use (a test proves they all build). */
  readonly eager?: boolean;
  /**
   * Serializers generated ahead of time (see precompiled-serializers.ts): a
   * schema found in the table (same schema, shared schemas and options) is
   * served by its generated function instead of being compiled.
   */
  readonly precompiled?: PrecompiledSerializers;
}

/**
 * A serializer factory (`compilersFactory.buildSerializer`) that compiles
 * each response schema on first use, with only the shared schemas it refers
 * to: fast-json-stringify checks every shared schema it is given against
 * JSON Schema's meta-schema on each build, which made the first `/healthz`
 * answer wait for checks of `Problem` and `DeviceRow` it never uses (about
 * 3 ms of its 7 on a host).
 */
export function lazySerializerFactory(factoryOptions: SerializerFactoryOptions = {}): SerializerFactory {
  // the compiler module loads with the first schema the table lacks (see schema-compiler-modules.ts)
  let build: ReturnType<ReturnType<typeof serializerCompilerModule>['SerializerSelector']> | undefined;
  const { precompiled } = factoryOptions;
  return (externalSchemas, options) => (route) => {
    const compile = (): ((doc: unknown) => string) => {
      const referenced = schemasReferencedBy(route.schema, externalSchemas);
      const key = precompiled ? schemaKey(route.schema, referenced, options) : undefined;
      const generated = key === undefined ? undefined : precompiled?.[key];
      return generated ? restoreSerializer(generated) : (build ??= serializerCompilerModule().SerializerSelector())(referenced, options)(route);
    };
    if (factoryOptions.eager) return compile();
    let serialize: ((doc: unknown) => string) | undefined;
    return (doc: unknown) => (serialize ??= compile())(doc);
  };
}

/**
 * The shared schemas (`app.addSchema`, keyed by `$id`) that `schema` refers
 * to with `$ref`, directly or through each other.
 */
export function schemasReferencedBy(schema: unknown, sharedSchemas: unknown): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  if (sharedSchemas === null || typeof sharedSchemas !== 'object') return found;
  const shared = sharedSchemas as Readonly<Record<string, unknown>>;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const id = value.split('#')[0]!;
        if (id && !(id in found) && id in shared) {
          found[id] = shared[id];
          visit(shared[id]);
        }
      } else visit(value);
    }
  };
  visit(schema);
  return found;
}

/** How {@link lazyValidatorFactory} compiles. */
export interface ValidatorFactoryOptions {
  /**
   * Validators generated ahead of time (see precompiled-validators.ts): a
   * schema found in the table (same schema, shared schemas and Ajv options)
   * is checked by its generated function, and no Ajv instance is built for it.
   */
  readonly precompiled?: PrecompiledValidators;
}

/** A validator factory (`compilersFactory.buildValidator`) that compiles each request schema on first use (or takes it from the precompiled table). */
export function lazyValidatorFactory(factoryOptions: ValidatorFactoryOptions = {}): ValidatorFactory {
  const { precompiled } = factoryOptions;
  // the compiler module (Ajv) loads with the first schema the table lacks (see schema-compiler-modules.ts)
  let build: ReturnType<typeof AjvCompiler> | undefined;
  return (externalSchemas, options) => {
    // building the compiler creates the Ajv instance (it compiles the meta-schema and the shared schemas): late too
    let compile: ReturnType<ReturnType<typeof AjvCompiler>> | undefined;
    type Validate = ReturnType<ReturnType<ReturnType<typeof AjvCompiler>>>;
    const generated = (route: { schema?: unknown }): Validate | undefined => {
      const key = precompiled ? schemaKey(route.schema, schemasReferencedBy(route.schema, externalSchemas), options) : undefined;
      return key === undefined ? undefined : (restoreValidator(precompiled!, key) as Validate | undefined);
    };
    return (route) => {
      let validate: Validate | undefined;
      const lazy = function (this: unknown, data: unknown) {
        validate ??= generated(route) ?? (compile ??= (build ??= ajvCompilerModule()())(externalSchemas, options))(route);
        return validate.call(this, data);
      };
      // Fastify reads the errors of a failed validation from the function
      Object.defineProperty(lazy, 'errors', { get: () => validate?.errors, enumerable: true });
      return lazy as unknown as Validate;
    };
  };
}
