import { describe, expect, it } from 'vitest';
import { sgDdSeconds, lastJson } from './measure.js';
import { spread } from './stats.js';

describe('bench helpers', () => {
  it('spread gives min/median/max', () => {
    expect(spread([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3 });
    expect(spread([4, 1, 2, 3])).toEqual({ min: 1, median: 2.5, max: 4 });
  });
  it('parses the sg_dd, sgm_dd and sgp_dd time lines', () => {
    expect(sgDdSeconds('time to transfer data: 0.201207 secs at 50.89 MB/sec')).toBeCloseTo(0.201207);
    expect(sgDdSeconds('time to transfer data was 0.040376 secs, 1662.10 MB/sec')).toBeCloseTo(0.040376);
    expect(() => sgDdSeconds('nothing')).toThrow(/time to transfer/);
  });
  it('finds the last JSON object in mixed output', () => {
    expect(lastJson<{ a: number }>('noise\n{"a":1}\n')).toEqual({ a: 1 });
  });
});
