import { describe, expect, it } from 'vitest';
import { Deadline } from './deadline.js';

describe('Deadline', () => {
  it('aborts its signal with a TimeoutError once the time has passed', async () => {
    const d = new Deadline(20);
    expect(d.aborted).toBe(false);
    await new Promise((r) => setTimeout(r, 60));
    expect(d.aborted).toBe(true);
    expect(d.signal.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('never aborts once cleared, and clearing twice is harmless', async () => {
    const d = new Deadline(20);
    d.clear();
    d.clear();
    await new Promise((r) => setTimeout(r, 60));
    expect(d.aborted).toBe(false);
  });
});
