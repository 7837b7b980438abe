import { addressOf, pageSize } from '@sgio/libc';
import { describe, expect, it } from 'vitest';
import { alignedBuffer } from '../execute/aligned.js';
import { OUT_BOUNCE_MAX, OutBounce } from './out-bounce.js';

describe('OutBounce', () => {
  const page = pageSize();
  const backing = alignedBuffer(3 * page);

  it('leaves a buffer within one page, an empty one, page-aligned ones and one over OUT_BOUNCE_MAX where they lie', () => {
    const b = new OutBounce();
    const big = alignedBuffer(OUT_BOUNCE_MAX + 2 * page);
    for (const [buffer, start, length] of [
      [backing, 0, 1024],
      [backing, page - 1024, 1024],
      [backing, 100, 0],
      [backing, 0, 2 * page],
      [backing, page, page + 512],
      [big, 512, OUT_BOUNCE_MAX + 512],
    ] as const) {
      const data = buffer.subarray(start, start + length);
      expect(b.addressFor(data, length)).toBe(addressOf(data));
      expect(b.bounced).toBe(false);
    }
  });

  it('copies a buffer over a page that does not start on a page boundary (COMPARE AND WRITE of 4 KiB blocks) into page-aligned memory, grown once', () => {
    const b = new OutBounce();
    const data = backing.subarray(512, 512 + 2 * page);
    data.fill(3, 0, page);
    data.fill(5, page);
    const at = b.addressFor(data, data.length);
    expect(b.bounced).toBe(true);
    expect(at % BigInt(page)).toBe(0n);
    expect(b.page!.length).toBe(2 * page);
    expect(Buffer.compare(b.page!.subarray(0, data.length), data)).toBe(0);
    // a shorter straddling buffer reuses the same memory
    const small = backing.subarray(page - 16, page + 16);
    expect(b.addressFor(small, 32)).toBe(at);
    // a longer one (still within the limit) gets larger memory
    const longer = backing.subarray(16, 16 + 2 * page + 16);
    const grown = b.addressFor(longer, longer.length);
    expect(grown % BigInt(page)).toBe(0n);
    expect(b.page!.length).toBe(3 * page);
    expect(Buffer.compare(b.page!.subarray(0, longer.length), longer)).toBe(0);
  });

  it('copies at most OUT_BOUNCE_MAX bytes', () => {
    const b = new OutBounce();
    const big = alignedBuffer(OUT_BOUNCE_MAX + 2 * page);
    for (const [start, length] of [
      [512, OUT_BOUNCE_MAX],
      [512, OUT_BOUNCE_MAX + 1],
    ] as const) {
      const data = big.subarray(start, start + length);
      b.addressFor(data, length);
      expect(b.bounced).toBe(length <= OUT_BOUNCE_MAX);
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
