import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.js';

describe('BufferPool', () => {
  it('hands back a released buffer of the same size class instead of a new one', () => {
    const pool = new BufferPool(1 << 20);
    const a = pool.acquire(256 * 1024);
    expect(a.length).toBe(256 * 1024);
    pool.release(a);
    expect(pool.freeBytes).toBe(256 * 1024);
    const b = pool.acquire(200 * 1024);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(200 * 1024);
    expect(pool.freeBytes).toBe(0);
  });

  it('rounds sizes up to powers of two from 4 KiB, and keeps classes apart', () => {
    const pool = new BufferPool(1 << 20);
    expect(pool.acquire(512).buffer.byteLength).toBe(4096);
    expect(pool.acquire(4097).buffer.byteLength).toBe(8192);
    const small = pool.acquire(4096);
    pool.release(small);
    expect(pool.acquire(64 * 1024).buffer).not.toBe(small.buffer);
  });

  it('keeps at most its byte limit; the rest is left to the garbage collector', () => {
    const pool = new BufferPool(512 * 1024);
    const held = [pool.acquire(256 * 1024), pool.acquire(256 * 1024), pool.acquire(256 * 1024)];
    for (const b of held) pool.release(b);
    expect(pool.freeBytes).toBe(512 * 1024);
  });

  it('takes a buffer back once: a second release cannot hand it to two users', () => {
    const pool = new BufferPool(1 << 20);
    const a = pool.acquire(8192);
    pool.release(a);
    pool.release(a);
    expect(pool.freeBytes).toBe(8192);
    const b = pool.acquire(8192);
    const c = pool.acquire(8192);
    expect(b.buffer).toBe(a.buffer);
    expect(c.buffer).not.toBe(a.buffer);
  });

  it('takes back only its own memory (never a slice of Node\'s shared Buffer pool)', () => {
    const pool = new BufferPool(1 << 20);
    pool.release(Buffer.alloc(4096));
    pool.release(Buffer.allocUnsafe(100));
    expect(pool.freeBytes).toBe(0);
  });
});
