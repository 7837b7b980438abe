import { describe, expect, it } from 'vitest';
import { unmapRanges } from './unmap.js';

describe('unmapRanges', () => {
  const none = (): Promise<number> => Promise.reject(new Error('not needed'));
  it('pairs --lba and --num', () => {
    expect(unmapRanges({ lba: '10,0x100', num: '5,1' }, none)).toEqual([
      { lba: 10, count: 5 },
      { lba: 256, count: 1 },
    ]);
  });
  it('splits --all into ranges up to the last LBA or the capacity', async () => {
    expect(unmapRanges({ all: '0,4,9' }, none)).toEqual([
      { lba: 0, count: 4 },
      { lba: 4, count: 4 },
      { lba: 8, count: 2 },
    ]);
    expect(await unmapRanges({ all: '2,3' }, () => Promise.resolve(8))).toEqual([
      { lba: 2, count: 3 },
      { lba: 5, count: 3 },
    ]);
  });
  it('rejects incomplete or mixed requests', () => {
    expect(() => unmapRanges({ lba: '1,2', num: '1' }, none)).toThrow(/one count per LBA/);
    expect(() => unmapRanges({ lba: '1' }, none)).toThrow(/give --lba and --num/);
    expect(() => unmapRanges({ all: '0,4', lba: '1' }, none)).toThrow(/not both/);
  });
});
