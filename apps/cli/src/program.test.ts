/** The whole program builds: every subcommand registers without clashing options, and says what it does in --help. */
import { describe, expect, it } from 'vitest';
import { buildProgram } from './main.js';

describe('the sgio program', () => {
  it('registers every subcommand without an option clash (commander throws at registration)', () => {
    const program = buildProgram();
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(['dd', 'inq', 'compare-and-write', 'zones', 'zone', 'format', 'write-buffer', 'reset', 'selftest', 'persist']));
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every subcommand a description and a help text', () => {
    for (const c of buildProgram().commands) {
      expect(c.description(), c.name()).not.toBe('');
      expect(c.helpInformation(), c.name()).toContain(`Usage: sgio ${c.name()}`);
    }
  });
});
