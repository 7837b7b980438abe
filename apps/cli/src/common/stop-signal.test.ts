import { describe, expect, it } from 'vitest';
import { listenForStop } from './stop-signal.js';

describe('listenForStop', () => {
  it('catches a SIGTERM sent right after it starts listening, and lets go after', async () => {
    const before = process.listenerCount('SIGTERM');
    const stop = listenForStop();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.kill(process.pid, 'SIGTERM');
    await expect(stop.received).resolves.toBe('SIGTERM');
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect(process.listenerCount('SIGINT')).toBe(process.listenerCount('SIGINT'));
  });

  it('dispose() removes both handlers', () => {
    const term = process.listenerCount('SIGTERM');
    const int = process.listenerCount('SIGINT');
    listenForStop().dispose();
    expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual([term, int]);
  });
});
