/**
 * The two call shapes of execute/executeSync/prepare — `(definition, fields?,
 * options?)` and `(cdb, options?)` — turned into a command source and its
 * options.
 */
import type { CdbDefinition, FieldSpecs, FieldsInput } from '@sgio/struct';
import type { ExecuteOptions } from '../execute/options.js';
import type { CommandSource } from '../execute/prepare.js';

const NO_OPTIONS: ExecuteOptions = Object.freeze({});

/** The command: a definition with its fields, or the raw CDB bytes. Throws a TypeError for anything else. */
export function sourceOf(a: CdbDefinition | Uint8Array, b: object | undefined): CommandSource {
  if (a instanceof Uint8Array) return a;
  if (!a || typeof a !== 'object' || a.kind !== 'cdb') throw new TypeError('execute() expects a CDB definition (defineCdb) or the CDB bytes as a Uint8Array');
  return { definition: a, fields: b as FieldsInput<FieldSpecs> | undefined };
}

/** The options argument, wherever the call shape puts it (a shared empty object when absent). */
export function optionsOf(a: CdbDefinition | Uint8Array, b: object | undefined, c: ExecuteOptions | undefined): ExecuteOptions {
  return (a instanceof Uint8Array ? (b as ExecuteOptions | undefined) : c) ?? NO_OPTIONS;
}
