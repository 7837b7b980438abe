import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { bytes, ascii, defineCdb, flag, read16, sbits, u8, inquiry } from '@sgio/struct';
import { fieldHelp, fieldOptions, fieldValues, kebabCase, optionNameFor, parseFieldValue } from './field-options.js';

const vendor = defineCdb({
  id: 'acmeThing',
  name: 'ACME THING',
  opcode: 0xc1,
  length: 16,
  direction: 'none',
  effect: 'state',
  fields: {
    json: flag(1, 0, { description: 'clashes with --json' }),
    armed: flag(1, 1, { default: true, description: 'armed' }),
    offset: sbits(2, 7, 16, { description: 'signed offset' }),
    key: bytes(4, 4, { description: 'a key' }),
    tag: ascii(8, 4, { description: 'a tag' }),
    level: u8(12, { default: 3, description: 'level' }),
  },
});

function parse(definition: typeof vendor | typeof read16, args: string[]): Record<string, unknown> {
  const program = new Command('t').exitOverride();
  for (const o of fieldOptions(definition)) program.addOption(o);
  program.parse(args, { from: 'user' });
  return fieldValues(definition, program.opts());
}

describe('field options', () => {
  it('kebab-cases field names and avoids the CLI options', () => {
    expect(kebabCase('transferLength')).toBe('transfer-length');
    expect(kebabCase('dld0')).toBe('dld0');
    expect(kebabCase('pIExponent')).toBe('p-i-exponent');
    expect(optionNameFor(vendor.fieldList.find((f) => f.name === 'json')!)).toBe('field-json');
  });

  it('parses every kind: number, bigint, flag, signed, bytes, ascii', () => {
    expect(parse(read16, ['--lba', '0x1ffffffff', '--transfer-length', '8', '--fua'])).toEqual({ lba: 0x1ffffffffn, transferLength: 8, fua: true });
    expect(parse(vendor, ['--field-json', '--offset', '-5', '--key', 'de ad', '--tag', 'AB', '--no-armed'])).toEqual({
      json: true,
      offset: -5,
      key: Uint8Array.from([0xde, 0xad, 0, 0]),
      tag: 'AB',
      armed: false,
    });
    expect(read16.encode(parse(read16, ['--lba', '8', '--transfer-length', '2']) as never)).toEqual(
      Uint8Array.from([0x88, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 2, 0, 0]),
    );
  });

  it('refuses values out of range with the option name', () => {
    const level = vendor.fieldList.find((f) => f.name === 'level')!;
    expect(() => parseFieldValue(level, '256')).toThrow(/--level: 256 is too large/);
    expect(() => parseFieldValue(level, 'x')).toThrow(/not a number/);
    expect(() => parseFieldValue(vendor.fieldList.find((f) => f.name === 'offset')!, '-40000')).toThrow(/outside/);
    expect(() => parseFieldValue(vendor.fieldList.find((f) => f.name === 'key')!, '01 02 03 04 05')).toThrow(/holds 4/);
    expect(() => parseFieldValue(vendor.fieldList.find((f) => f.name === 'tag')!, 'TOOLONG')).toThrow(/longer than 4/);
  });

  it('puts description, position, default and range in the help', () => {
    const alloc = inquiry.fieldList.find((f) => f.name === 'allocationLength')!;
    expect(fieldHelp(alloc)).toMatch(/ALLOCATION LENGTH.*byte 3, 16 bits; default 252; max 65535/);
    expect(fieldHelp(vendor.fieldList.find((f) => f.name === 'armed')!)).toMatch(/byte 1 bit 1, 1 bit; default on/);
  });
});
