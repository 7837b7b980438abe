import { describe, expect, it } from 'vitest';
import { MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, O_RDWR, PROT_READ } from './constants/index.js';
import { close, open } from './io.js';
import { mmap } from './mapping.js';
import { pageSize } from './system.js';
import { tempFile } from './test-support/helpers.js';

const PAGE = pageSize();

/** A pattern no two offsets share within 64 KiB. */
function pattern(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 7 + seed + (i >> 8)) & 0xff;
  return out;
}

describe('Mapping.copyIn / copyOut (the kernel copies: process_vm_writev/readv on this process)', () => {
  it('scatters a buffer over pieces in order and gathers it back, byte for byte, through a file mapping', () => {
    const fd = open(tempFile(Buffer.alloc(16 * PAGE)), O_RDWR);
    using m = mmap({ fd, length: 16 * PAGE, flags: MAP_SHARED });
    close(fd);
    // out of order, unaligned, of several sizes: what a TCMU command's iovecs can be
    const pieces = [
      { offset: 9 * PAGE + 3, length: 100 },
      { offset: 2 * PAGE, length: 3 * PAGE },
      { offset: 0, length: 1 },
      { offset: 12 * PAGE - 17, length: 2 * PAGE + 17 },
    ];
    const total = pieces.reduce((n, p) => n + p.length, 0);
    const data = pattern(total, 5);
    expect(m.copyIn(data, pieces)).toBe(total);
    let at = 0;
    for (const p of pieces) {
      expect(Buffer.from(m.view.subarray(p.offset, p.offset + p.length)).equals(Buffer.from(data.subarray(at, at + p.length)))).toBe(true);
      at += p.length;
    }
    // nothing outside the pieces was written
    expect(m.view[1]).toBe(0);
    expect(m.view[9 * PAGE + 2]).toBe(0);
    expect(m.view[9 * PAGE + 103]).toBe(0);
    const back = new Uint8Array(total);
    expect(m.copyOut(pieces, back)).toBe(total);
    expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
  });

  it('stops at the shorter side: a short buffer fills the first pieces only, a short piece list leaves the buffer tail alone', () => {
    using m = mmap({ length: 4 * PAGE, flags: MAP_PRIVATE | MAP_ANONYMOUS });
    const pieces = [
      { offset: 0, length: 10 },
      { offset: PAGE, length: 10 },
    ];
    expect(m.copyIn(new Uint8Array(15).fill(9), pieces)).toBe(15);
    expect([...m.view.subarray(PAGE, PAGE + 6)]).toEqual([9, 9, 9, 9, 9, 0]);
    const target = new Uint8Array(30).fill(1);
    expect(m.copyOut(pieces, target)).toBe(20);
    expect(target[19]).toBe(0);
    expect(target[20]).toBe(1);
    expect(m.copyIn(new Uint8Array(0), pieces)).toBe(0);
    expect(m.copyOut([], target)).toBe(0);
  });

  it('takes more pieces than one call can (over 1024 iovecs)', () => {
    using m = mmap({ length: 8 * PAGE, flags: MAP_PRIVATE | MAP_ANONYMOUS });
    const pieces = Array.from({ length: 3000 }, (_, i) => ({ offset: i * 10, length: 7 }));
    const data = pattern(3000 * 7, 1);
    expect(m.copyIn(data, pieces)).toBe(data.length);
    expect(m.view[2999 * 10 + 6]).toBe(data[data.length - 1]);
    expect(m.view[2999 * 10 + 7]).toBe(0);
    const back = new Uint8Array(data.length);
    expect(m.copyOut(pieces, back)).toBe(data.length);
    expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
  });

  it('refuses pieces outside the mapping, a read-only mapping for copyIn, and a closed mapping, before any call', () => {
    const m = mmap({ length: 2 * PAGE, flags: MAP_PRIVATE | MAP_ANONYMOUS });
    expect(() => m.copyIn(new Uint8Array(8), [{ offset: 2 * PAGE - 4, length: 8 }])).toThrow(/not inside the mapping/);
    expect(() => m.copyOut([{ offset: -1, length: 1 }], new Uint8Array(8))).toThrow(/not inside the mapping/);
    expect(() => m.copyOut([{ offset: 0.5, length: 1 }], new Uint8Array(8))).toThrow(/not inside the mapping/);
    m.close();
    expect(() => m.copyIn(new Uint8Array(1), [{ offset: 0, length: 1 }])).toThrow(expect.objectContaining({ code: 'ERR_MAPPING_CLOSED' }));
    using ro = mmap({ length: PAGE, flags: MAP_PRIVATE | MAP_ANONYMOUS, prot: PROT_READ });
    expect(() => ro.copyIn(new Uint8Array(1), [{ offset: 0, length: 1 }])).toThrow(/not writable/);
    expect(ro.copyOut([{ offset: 0, length: 4 }], new Uint8Array(4))).toBe(4);
  });
});
