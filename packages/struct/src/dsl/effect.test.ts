import { describe, expect, it } from 'vitest';
import { CommandEffectError } from '../errors/command-effect-error.js';
import { defineCdb, type CdbDefinition } from './cdb.js';
import { CommandSet, defineCommandPack } from './command-set.js';
import { EFFECTS, effectRank, isEffect, maxEffect } from './effect.js';
import { control, flag, u8 } from './fields.js';

describe('effects', () => {
  it('are ordered read < state < write < destructive', () => {
    expect(EFFECTS.map(effectRank)).toEqual([0, 1, 2, 3]);
    expect(maxEffect('read', 'write')).toBe('write');
    expect(maxEffect('destructive', 'state')).toBe('destructive');
    expect(maxEffect('state', 'state')).toBe('state');
    expect(isEffect('write')).toBe(true);
    expect(isEffect('erase')).toBe(false);
    expect(isEffect(undefined)).toBe(false);
  });

  const risky = defineCdb({
    id: 'risky',
    name: 'RISKY',
    opcode: 0xc3,
    length: 6,
    direction: 'none',
    effect: 'state',
    raiseEffect: (f) => (f.erase ? 'destructive' : 'read'),
    fields: { erase: flag(1, 0), control: control(5) },
  });

  it('can only be raised by the field values', () => {
    expect(risky.effect).toBe('state');
    expect(risky.effectDependsOnFields).toBe(true);
    expect(risky.effectOf()).toBe('state'); // the rule said read: the base wins
    expect(risky.effectOf({ erase: true })).toBe('destructive');
  });

  it('refuses an invalid effect at definition time', () => {
    expect(() => defineCdb({ id: 'bad', name: 'BAD', opcode: 0xc4, length: 6, direction: 'none', effect: 'erase' as never, fields: {} })).toThrow(/effect must be/);
  });

  // what a JavaScript author without types could write
  const init: unknown = { id: 'noEffect', name: 'NO EFFECT', opcode: 0xc5, length: 6, direction: 'none', fields: { x: u8(2) } };
  const untyped: CdbDefinition = defineCdb(init as Parameters<typeof defineCdb>[0]);

  it('treats a definition without an effect as destructive', () => {
    expect(untyped.effectOf()).toBe('destructive');
  });

  it('refuses a pack command without an effect at registration, with ECOMMAND_EFFECT', () => {
    const pack = { name: 'js-pack', commands: [untyped] };
    expect(() => defineCommandPack(pack)).toThrow(CommandEffectError);
    expect(() => new CommandSet().use(pack)).toThrow(/add effect: 'read' \| 'state' \| 'write' \| 'destructive'/);
    expect(() => new CommandSet().register(untyped)).toThrow(CommandEffectError);
    try {
      new CommandSet().use(pack);
    } catch (err) {
      expect((err as CommandEffectError).code).toBe('ECOMMAND_EFFECT');
      expect((err as CommandEffectError).commandId).toBe('noEffect');
    }
  });

  it('registers nothing of a pack with one command lacking an effect', () => {
    const set = new CommandSet();
    expect(() => set.use({ name: 'mixed', commands: [risky, untyped] })).toThrow(CommandEffectError);
    expect(set.get('risky')).toBeUndefined();
  });
});
