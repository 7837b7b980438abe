import { addressOf, pageSize } from '@sgio/libc';
import { describe, expect, it } from 'vitest';
import { alignedBuffer } from '../../execute/aligned.js';
import { OutBounce } from './out-bounce.js';

describe('OutBounce', () => {
  const page = pageSize();
  const backing = alignedBuffer(3 * page);

  it('leaves a buffer within one page, an empty one and one over a page where they lie', () => {
    const b = new OutBounce();
    for (const [start, length] of [
      [0, 1024],
      [page - 1024, 1024],
      [100, 0],
      [512, 2 * page],
    ] as const) {
      const data = backing.subarray(start, start + length);
      expect(b.addressFor(data, length)).toBe(addressOf(data));
      expect(b.bounced).toBe(false);
    }
  });

  it('copies a buffer of at most a page that straddles a page boundary into a page of its own, again on refresh()', () => {
    const b = new OutBounce();
    const data = backing.subarray(page - 512, page + 512);
    data.fill(7, 0, 512);
    data.fill(9, 512);
    const at = b.addressFor(data, 1024);
    expect(b.bounced).toBe(true);
    expect(at % BigInt(page)).toBe(0n);
    expect(at).not.toBe(addressOf(data));
    expect(b.page!.subarray(0, 1024)).toEqual(data);
    expect(b.addressFor(data, 1024)).toBe(at); // the same page, reused
    // a prepared request's caller changes its buffer between runs: refresh() copies it again
    data[0] = 1;
    b.refresh();
    expect(b.page![0]).toBe(1);
    // a later command within one page goes as it lies and stops refreshing the page
    const inPage = backing.subarray(2 * page, 2 * page + 100);
    expect(b.addressFor(inPage, 100)).toBe(addressOf(inPage));
    expect(b.bounced).toBe(false);
  });
});
