/**
 * The key under which the precompiled tables hold a schema's generated
 * serializer or validator (precompiled-serializers.ts,
 * precompiled-validators.ts).
 */
import { createHash } from 'node:crypto';

/**
 * A SHA-256 (hex) of the schema, the shared schemas it refers to (as
 * `schemasReferencedBy` finds them) and the options Fastify passes to the
 * compiler (the serializer options, or `{ customOptions, plugins }` for
 * Ajv): any difference in them gives another key. Undefined for a schema
 * JSON cannot write (a BigInt in a route a `buildApp` user adds, say): it
 * has no table entry and compiles as it would without the tables.
 */
export function schemaKey(schema: unknown, referenced: Readonly<Record<string, unknown>>, options: unknown): string | undefined {
  let text: string;
  try {
    text = JSON.stringify([schema, referenced, options ?? null]);
  } catch {
    return undefined;
  }
  return createHash('sha256').update(text).digest('hex');
}
