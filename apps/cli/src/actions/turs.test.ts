import { describe, expect, it } from 'vitest';
import { tursMode } from './turs.js';

describe('tursMode', () => {
  it('draws a bar only for --progress with --number N > 1 on a terminal', () => {
    expect(tursMode({ number: 100, progress: true }, true)).toBe('bar');
    expect(tursMode({ number: 100, progress: true }, false)).toBe('poll');
    expect(tursMode({ number: 1, progress: true }, true)).toBe('poll');
    expect(tursMode({ progress: true }, true)).toBe('poll');
    expect(tursMode({ number: 100 }, true)).toBe('count');
    expect(tursMode({}, false)).toBe('count');
  });
});
