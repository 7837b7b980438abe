import { describe, expect, it } from 'vitest';
import { ProblemError } from '../errors/problem-error.js';
import { checkBlockSize } from './block-size.js';

describe('checkBlockSize', () => {
  it('passes powers of two from 512 up to the mapping', () => {
    expect([512, 1024, 4096, 65536].map((b) => checkBlockSize('/dev/sg0', b, 65536))).toEqual([512, 1024, 4096, 65536]);
  });

  it.each([
    ['zero', 0],
    ['below 512', 256],
    ['not a power of two', 520],
    ['above the mapping', 131072],
    ['not an integer', 512.5],
  ])('refuses a block size %s with a 502 that says what to do', (_what, size) => {
    let e: unknown;
    try {
      checkBlockSize('/dev/sg0', size, 65536);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(ProblemError);
    expect(e).toMatchObject({ status: 502, slug: 'unsupported-block-size' });
    expect((e as Error).message).toMatch(/power of two from 512 to 65536 bytes/);
  });
});
