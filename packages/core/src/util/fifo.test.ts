import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.js';

describe('Fifo', () => {
  it('keeps order across compaction', () => {
    const q = new Fifo<number>();
    for (let i = 0; i < 5000; i++) q.push(i);
    for (let i = 0; i < 3000; i++) expect(q.shift()).toBe(i);
    for (let i = 5000; i < 6000; i++) q.push(i);
    expect(q.length).toBe(3000);
    expect(q.peek()).toBe(3000);
    for (let i = 3000; i < 6000; i++) expect(q.shift()).toBe(i);
    expect(q.shift()).toBeUndefined();
    expect(q.length).toBe(0);
  });
});
