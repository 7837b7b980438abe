import { describe, expect, it } from 'vitest';
import { capabilityFor, decideCommand } from './command-policy.js';

const off = { allowWrite: false, allowDestructive: false };
const write = { allowWrite: true, allowDestructive: false };
const all = { allowWrite: true, allowDestructive: true };
const caps = (...c: string[]): ReadonlySet<string> => new Set(c);

describe('decideCommand', () => {
  it('lets reads through with the read capability only', () => {
    expect(decideCommand('read', off, caps('read'))).toEqual({ allowed: true, effect: 'read' });
    expect(decideCommand('read', off, caps('write'))).toEqual({ allowed: false, effect: 'read', missingCapability: 'read' });
  });

  it.each(['write', 'state'] as const)('needs allowWrite and write for %s', (effect) => {
    expect(decideCommand(effect, off, caps('read', 'write', 'admin'))).toMatchObject({ allowed: false, missingSwitch: 'allowWrite' });
    expect(decideCommand(effect, write, caps('read'))).toMatchObject({ allowed: false, missingCapability: 'write' });
    expect(decideCommand(effect, write, caps('read', 'admin'))).toMatchObject({ allowed: false, missingCapability: 'write' });
    expect(decideCommand(effect, write, caps('write'))).toMatchObject({ allowed: true });
  });

  it('needs both switches and admin for destructive', () => {
    expect(decideCommand('destructive', off, caps('admin'))).toMatchObject({ allowed: false, missingSwitch: 'allowWrite' });
    expect(decideCommand('destructive', { allowWrite: false, allowDestructive: true }, caps('admin'))).toMatchObject({ allowed: false, missingSwitch: 'allowWrite' });
    expect(decideCommand('destructive', write, caps('admin'))).toMatchObject({ allowed: false, missingSwitch: 'allowDestructive' });
    expect(decideCommand('destructive', all, caps('read', 'write'))).toMatchObject({ allowed: false, missingCapability: 'admin' });
    expect(decideCommand('destructive', all, caps('admin'))).toMatchObject({ allowed: true });
    expect(capabilityFor('destructive')).toBe('admin');
  });
});
