import { describe, expect, it } from 'vitest';
import { parseAccessState } from './alua.js';

describe('stpg --state', () => {
  it('takes sg_stpg short names and the full names, in any case', () => {
    expect(['ao', 'AN', 's', 'u', 'o', 'standby', 'active/optimized'].map(parseAccessState)).toEqual([
      'active/optimized',
      'active/non-optimized',
      'standby',
      'unavailable',
      'offline',
      'standby',
      'active/optimized',
    ]);
  });

  it('refuses states SET TARGET PORT GROUPS cannot ask for, saying which it can', () => {
    expect(() => parseAccessState('transitioning')).toThrow(/use ao, an, s, u, o/);
    expect(() => parseAccessState('logical block dependent')).toThrow(/active\/optimized/);
  });
});
