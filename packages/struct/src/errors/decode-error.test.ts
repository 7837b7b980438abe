import { describe, expect, it } from 'vitest';
import { DecodeError, isDecodeError } from './decode-error.js';

describe('DecodeError', () => {
  it('carries code, page and offset and names both in the message', () => {
    const err = new DecodeError('sense data', 7, 'additional length runs past the buffer');
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('EDECODE');
    expect(err.name).toBe('DecodeError');
    expect(err.page).toBe('sense data');
    expect(err.offset).toBe(7);
    expect(err.message).toContain('sense data');
    expect(err.message).toContain('offset 7');
    expect(isDecodeError(err)).toBe(true);
    expect(isDecodeError(new Error('x'))).toBe(false);
  });

  it('keeps a cause', () => {
    const cause = new RangeError('inner');
    expect(new DecodeError('x', 0, 'y', { cause }).cause).toBe(cause);
  });
});
