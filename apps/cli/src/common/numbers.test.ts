import { describe, expect, it } from 'vitest';
import { parseCount, parseCountList } from './numbers.js';

describe('parseCount', () => {
  it('reads decimal, hex and sg3_utils suffixes', () => {
    expect(parseCount('131072', 'x')).toBe(131072);
    expect(parseCount('0x20', 'x')).toBe(32);
    expect(parseCount('1fh', 'x')).toBe(31);
    expect(parseCount('4k', 'x')).toBe(4096);
    expect(parseCount('2KB', 'x')).toBe(2000);
    expect(parseCount('1M', 'x')).toBe(1048576);
    expect(parseCount('3b', 'x')).toBe(1536);
    expect(parseCount('2x512', 'x')).toBe(1024);
  });
  it('rejects junk with the operand name', () => {
    expect(() => parseCount('12q', 'count=')).toThrow(/count=: '12q' is not a number/);
    expect(() => parseCount('', 'bs=')).toThrow(/bs=/);
    expect(() => parseCount('-1', 'bs=')).toThrow();
  });
  it('splits lists', () => {
    expect(parseCountList('1,0x10, 3', '--lba')).toEqual([1, 16, 3]);
  });
});
