/**
 * JSON values to DSL field values for the commands endpoint: integers as
 * numbers (64-bit fields also as decimal or 0x strings), flags as booleans,
 * byte fields as hex, ASCII fields as strings. Unknown names are refused.
 */
import type { CdbDefinition } from '@sgio/struct';
import { ProblemError } from '../errors/problem-error.js';

function bad(def: CdbDefinition, name: string, expected: string): ProblemError {
  return new ProblemError(400, 'invalid-field', 'Invalid field', `${def.name}: field '${name}' must be ${expected}.`, { extensions: { field: name } });
}

/** Hex text (even length, optional spaces) to bytes; undefined when malformed. */
export function parseHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined;
  return Buffer.from(clean, 'hex');
}

/** Converts JSON `input` into field values of `def`; throws 400 problems. */
export function toFieldValues(def: CdbDefinition, input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const infos = new Map(def.fieldList.map((f) => [f.name, f]));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const info = infos.get(name);
    if (!info) {
      throw new ProblemError(400, 'unknown-field', 'Unknown field', `${def.name} has no field '${name}'; its fields are ${[...infos.keys()].join(', ')}.`, {
        extensions: { field: name, fields: [...infos.keys()] },
      });
    }
    switch (info.kind) {
      case 'uint':
      case 'int':
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw bad(def, name, 'an integer');
        out[name] = value;
        break;
      case 'biguint':
        if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) out[name] = BigInt(value);
        else if (typeof value === 'string' && /^(0x[0-9a-fA-F]{1,16}|[0-9]{1,20})$/.test(value)) out[name] = BigInt(value);
        else throw bad(def, name, 'a non-negative integer (a number, or a decimal or 0x string for 64-bit values)');
        break;
      case 'flag':
        if (typeof value !== 'boolean') throw bad(def, name, 'true or false');
        out[name] = value;
        break;
      case 'bytes': {
        const bytes = typeof value === 'string' ? parseHex(value) : undefined;
        if (!bytes) throw bad(def, name, 'hex bytes');
        out[name] = bytes;
        break;
      }
      case 'ascii':
        if (typeof value !== 'string') throw bad(def, name, 'a string');
        out[name] = value;
        break;
    }
  }
  return out;
}
