import { describe, expect, it } from 'vitest';
import { POLLHUP, POLLIN, POLLNVAL, POLLOUT } from './constants/index.js';
import { close, pipe, write } from './io.js';
import { poll, pollOne, type PollFd } from './poll.js';

describe('poll', () => {
  it('times out, then reports POLLIN, then POLLHUP when the writer is gone', () => {
    const [r, w] = pipe();
    const t0 = Date.now();
    expect(pollOne(r, POLLIN, 50)).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    write(w, Buffer.from('x'));
    expect(pollOne(r, POLLIN, 0) & POLLIN).toBe(POLLIN);
    close(w);
    expect(pollOne(r, POLLIN, 0) & POLLHUP).toBe(POLLHUP);
    close(r);
  });

  it('several descriptors at once, POLLNVAL for a closed one', () => {
    const [r, w] = pipe();
    const set: PollFd[] = [
      { fd: r, events: POLLIN },
      { fd: w, events: POLLOUT },
      { fd: 99999, events: POLLIN },
      { fd: r, events: POLLIN },
      { fd: w, events: POLLOUT },
    ];
    expect(poll(set, 0)).toBe(3);
    expect(set.map((p) => p.revents)).toEqual([0, POLLOUT, POLLNVAL, 0, POLLOUT]);
    close(r);
    close(w);
  });
});
