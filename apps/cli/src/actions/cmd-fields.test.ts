/**
 * Every field of every registered command goes through `sgio cmd`'s option
 * parsing (the sub-program `commandProgram` builds) and ends up in the CDB.
 * Catches options the parser swallows, such as commander's `--no-*`
 * negation eating NO_FLUSH.
 */
import type { CdbDefinition, FieldInfo } from '@sgio/struct';
import { standardCommands } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { fieldValues, optionNameFor } from '../common/field-options.js';
import { commandProgram } from './cmd.js';

/** A value other than the field's default, as CLI words and as the decoder gives it back. */
function otherValue(field: FieldInfo): { words: string[]; value: unknown } {
  const option = `--${optionNameFor(field)}`;
  switch (field.kind) {
    case 'flag':
      return field.default === true ? { words: [`--no-${optionNameFor(field)}`], value: false } : { words: [option], value: true };
    case 'uint': {
      const value = field.default === field.max ? 0 : (field.max as number);
      return { words: [option, `0x${value.toString(16)}`], value };
    }
    case 'int': {
      const value = field.default === field.min ? (field.max as number) : (field.min as number);
      return { words: [option, String(value)], value };
    }
    case 'biguint': {
      const value = field.default === field.max ? 0n : (field.max as bigint);
      return { words: [option, `0x${value.toString(16)}`], value };
    }
    case 'bytes': {
      const value = new Uint8Array(field.width / 8).fill(0xa5);
      return { words: [option, [...value].map((b) => b.toString(16)).join(' ')], value };
    }
    case 'ascii': {
      const value = 'Z'.repeat(field.width / 8);
      return { words: [option, value], value };
    }
  }
}

/** Parses `words` with the command's generated options, as `sgio cmd NAME WORDS --dry-run` does. */
function encodeFromWords(definition: CdbDefinition, words: readonly string[]): Uint8Array {
  const program = commandProgram(definition);
  program.action(() => undefined);
  program.parse([...words, '--dry-run'], { from: 'user' });
  return definition.encode(fieldValues(definition, program.opts()));
}

const cases = standardCommands.list().flatMap((d) => d.fieldList.map((f) => [`${d.id} --${optionNameFor(f)}`, d, f] as const));

describe('sgio cmd: every field option of every command reaches the CDB', () => {
  it('covers every field of the registry', () => {
    expect(cases.length).toBe(standardCommands.list().reduce((n, d) => n + d.fieldList.length, 0));
    expect(cases.length).toBeGreaterThan(200);
  });

  it.each(cases)('%s', (_name, definition, field) => {
    const { words, value } = otherValue(field);
    const cdb = encodeFromWords(definition, words);
    const decoded = definition.decode(cdb) as Record<string, unknown>;
    expect(decoded[field.name]).toEqual(value);
    expect(decoded[field.name]).not.toEqual(field.default);
    expect([...cdb]).not.toEqual([...definition.encode()]);
  });

  it('--no-flush sets NO_FLUSH: the bytes sg_start sends for standby, modifier 2, no flush (1b 00 00 02 34 00)', () => {
    const startStop = standardCommands.require('startStopUnit');
    const words = ['--power-condition', '3', '--power-condition-modifier', '2', '--no-flush', '--no-start'];
    expect([...encodeFromWords(startStop, words)]).toEqual([0x1b, 0x00, 0x00, 0x02, 0x34, 0x00]);
  });
});
