/**
 * Shared TypeBox schemas: they validate requests, serialize responses and
 * make up the OpenAPI document.
 */
import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';

/**
 * A value of any of the JSON types `types` (a type list, `{ type: [...] }`),
 * with `options` (description, ...).
 */
export function oneOfTypes<T>(types: readonly ('integer' | 'number' | 'string' | 'boolean' | 'null')[], options: Record<string, unknown> = {}): TUnsafe<T> {
  return Type.Unsafe<T>({ ...options, type: [...types] });
}

/**
 * `schema` or null, written as a type list (`type: ['object', 'null']`)
 * rather than `anyOf`. Response schemas use this and {@link oneOfTypes}: for
 * an `anyOf`, fast-json-stringify compiles an Ajv validator on the first
 * response that needs it, to choose the branch (120 ms of sgiod's first
 * device request in the lab); a type list it writes directly.
 */
export function nullable<T extends TSchema & { type: string }>(schema: T): TUnsafe<Static<T> | null> {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });
}

/** RFC 9457 problem details. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI of the problem type' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String({ description: 'The request path' })),
    requestId: Type.Optional(Type.String()),
    command: Type.Optional(Type.String({ description: 'The SCSI command that failed' })),
    sense: Type.Optional(
      Type.Object(
        {
          key: Type.Integer(),
          keyName: Type.String(),
          asc: Type.Integer(),
          ascq: Type.Integer(),
          text: Type.String(),
          information: Type.Optional(oneOfTypes<number | string>(['integer', 'string'])),
          senseKeySpecific: Type.Optional(Type.Unknown()),
          hex: Type.String({ description: 'The raw sense bytes' }),
        },
        { description: 'Decoded sense data of a CHECK CONDITION' },
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

/** The error responses every protected route can send. */
export const problemResponses = (...statuses: number[]): Record<number, unknown> =>
  Object.fromEntries([401, 403, ...statuses].map((s) => [s, { $ref: 'Problem#', description: 'application/problem+json' }]));

/** `{id}` path parameter. */
export const DeviceParams = Type.Object({
  id: Type.String({ description: 'sg name (sg1) or H:C:T:L (0:0:1:0) of an allowed device', maxLength: 64 }),
});
/** Its type. */
export type DeviceParams = Static<typeof DeviceParams>;

/** A discovery row, like `sgio list --json`. */
export const DeviceRowSchema = Type.Object(
  {
    id: Type.String({ description: 'The id to use in URLs (the sg name)' }),
    name: Type.String(),
    path: Type.String(),
    hctl: Type.String(),
    host: Type.Integer(),
    channel: Type.Integer(),
    target: Type.Integer(),
    lun: Type.Integer(),
    peripheralType: Type.Integer(),
    vendor: Type.String(),
    model: Type.String(),
    revision: Type.String(),
    blockDevice: Type.Optional(Type.String()),
    bsgDevice: Type.Optional(Type.String()),
    state: Type.Optional(Type.String()),
    queueDepth: Type.Optional(Type.Integer()),
  },
  { $id: 'DeviceRow' },
);
