/** Encoding fixtures of the pack's CDBs, and registration next to the built-in set. */
import { CommandConflictError, createCommandSet, defineCdb, control, u8 } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { acmeReadHealth } from './acme-read-health.js';
import { acmeCommands } from './pack.js';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('ACME READ HEALTH', () => {
  it('encodes the vendor opcode, the service action and the fields', () => {
    expect(hex(acmeReadHealth.encode({ detailed: true, sinceHours: 0x01020304 }))).toBe('c1 85 01 02 03 04 00 00 02 00 00 00');
  });

  it('decodes its own CDB back', () => {
    const cdb = acmeReadHealth.encode({ sinceHours: 42, allocationLength: 64 });
    expect(acmeReadHealth.decode(cdb)).toEqual({ detailed: false, sinceHours: 42, allocationLength: 64, control: 0 });
  });

  it('refuses values that do not fit', () => {
    expect(() => acmeReadHealth.encode({ allocationLength: 0x10000 })).toThrow(/allocationLength/);
  });
});

describe('the pack in a command set', () => {
  it('registers beside the built-in commands and decodes any CDB back to its definition', () => {
    const set = createCommandSet().use(acmeCommands);
    expect(set.get('acme-read-health')).toBe(acmeReadHealth);
    const decoded = set.decode(acmeReadHealth.encode({ allocationLength: 512 }));
    expect(decoded.definition).toBe(acmeReadHealth);
    expect(decoded.fields).toMatchObject({ allocationLength: 512 });
    // the built-in MAINTENANCE IN commands keep their service actions
    expect(set.lookup(Uint8Array.of(0xa3, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))?.id).toBe('reportSupportedOpcodes');
  });

  it('reports a clash instead of shadowing a command', () => {
    const clash = defineCdb({ id: 'otherHealth', name: 'OTHER', opcode: 0xc1, serviceAction: 0x05, length: 6, direction: 'none', effect: 'state', fields: { x: u8(2), control: control(5) } });
    const set = createCommandSet().use(acmeCommands);
    expect(() => set.register(clash)).toThrow(CommandConflictError);
  });
});
