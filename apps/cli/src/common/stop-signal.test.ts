import { describe, expect, it } from 'vitest';
import { listenForStop } from './stop-signal.js';

describe('listenForStop', () => {
  it('catches a SIGTERM sent right after it starts listening, and lets go after', async () => {
    const before = process.listenerCount('SIGTERM');
    const beforeInt = process.listenerCount('SIGINT');
    const stop = listenForStop();
    expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual([before + 1, beforeInt + 1]);
    process.kill(process.pid, 'SIGTERM');
    await expect(stop.received).resolves.toBe('SIGTERM');
    // the first signal removes both handlers
    expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual([before, beforeInt]);
  });

  it('dispose() removes both handlers', () => {
    const term = process.listenerCount('SIGTERM');
    const int = process.listenerCount('SIGINT');
    listenForStop().dispose();
    expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual([term, int]);
  });
});
