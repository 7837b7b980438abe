import { describe, expect, it } from 'vitest';
import { close, open, pread } from './io.js';
import { mmap } from './mapping.js';
import { addressOf, Pins } from './pointer.js';
import { tempFile } from './test-support/helpers.js';

describe('addressOf', () => {
  it('gives the address of the first byte, byteOffset included', () => {
    const u = new Uint8Array(64);
    expect(addressOf(u.subarray(8)) - addressOf(u)).toBe(8n);
    const b = Buffer.alloc(128);
    expect(addressOf(b.subarray(100)) - addressOf(b)).toBe(100n);
    expect(addressOf(new DataView(b.buffer, b.byteOffset + 4)) - addressOf(b)).toBe(4n);
    expect(typeof addressOf(new ArrayBuffer(16))).toBe('bigint');
  });

  it('is the address the kernel uses: a mapping view starts at the mapping address', () => {
    using m = mmap({ length: 4096 });
    expect(addressOf(m.view)).toBe(m.address);
  });

  it('stays stable for a small typed array (moved off the V8 heap once)', () => {
    const small = new Uint8Array(8);
    const a = addressOf(small);
    const garbage = Array.from({ length: 2e5 }, (_, i) => ({ i }));
    expect(garbage.length).toBe(2e5);
    expect(addressOf(small)).toBe(a);
    // and the kernel writes where we say: pread into the array by pointer identity
    const fd = open(tempFile('abcdefgh'));
    pread(fd, small, 0);
    expect(Buffer.from(small).toString()).toBe('abcdefgh');
    close(fd);
  });
});

describe('Pins', () => {
  it('counts pins per buffer and returns addresses', () => {
    const pins = new Pins();
    const b = Buffer.alloc(16);
    expect(pins.pin(b)).toBe(addressOf(b));
    pins.pin(b);
    expect(pins.size).toBe(1);
    expect(pins.unpin(b)).toBe(true);
    expect(pins.has(b)).toBe(true);
    expect(pins.unpin(b)).toBe(true);
    expect(pins.has(b)).toBe(false);
    expect(pins.unpin(b)).toBe(false);
    pins.pin(b);
    pins.clear();
    expect(pins.size).toBe(0);
  });
});

describe('addressOf fallback', () => {
  it('memmove(p, p, 0) gives the same address as koffi.address (used with koffi < 2.16)', async () => {
    const { libc } = await import('./bindings.js');
    const b = Buffer.alloc(32).subarray(5);
    expect(BigInt(libc().identity(b, b, 0))).toBe(addressOf(b));
  });
});
