import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { errnoDescription, errnoName, errnoNumber, errnoTable } from './errno.js';

describe('errno table', () => {
  it('names the common values', () => {
    expect(errnoName(12)).toBe('ENOMEM');
    expect(errnoName(-13)).toBe('EACCES');
    expect(errnoName(9999)).toBe('E9999');
    expect(errnoDescription(16)).toBe('device or resource busy');
    expect(errnoNumber('EWOULDBLOCK')).toBe(11);
    expect(errnoTable.EBADF).toBe(9);
  });

  it("agrees with Node's os.constants.errno for every name Node knows", () => {
    for (const [name, value] of Object.entries(constants.errno)) {
      expect(errnoTable[name], name).toBe(value);
    }
  });
});
