import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDLE_WARM_UP_MS, scheduleWarmUp } from './pool-warm-up.js';

describe('scheduleWarmUp', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts the thread at once when there is a second CPU, and never again', () => {
    const warmUp = vi.fn();
    const afterListen = scheduleWarmUp({ cpus: 2, warmUp });
    expect(warmUp).toHaveBeenCalledTimes(1);
    const server = new EventEmitter();
    afterListen(server);
    const res = new EventEmitter();
    server.emit('request', {}, res);
    res.emit('close');
    vi.advanceTimersByTime(IDLE_WARM_UP_MS * 2);
    expect(warmUp).toHaveBeenCalledTimes(1);
  });

  it('on one CPU, starts it once the first response has gone out, not before', () => {
    const warmUp = vi.fn();
    const afterListen = scheduleWarmUp({ cpus: 1, warmUp });
    const server = new EventEmitter();
    afterListen(server);
    expect(warmUp).not.toHaveBeenCalled();
    const res = new EventEmitter();
    server.emit('request', {}, res);
    // the idle timer no longer counts once a request came, however long it takes
    vi.advanceTimersByTime(IDLE_WARM_UP_MS * 3);
    expect(warmUp).not.toHaveBeenCalled();
    res.emit('close');
    expect(warmUp).toHaveBeenCalledTimes(1);
    const next = new EventEmitter();
    server.emit('request', {}, next);
    next.emit('close');
    expect(warmUp).toHaveBeenCalledTimes(1);
  });

  it('on one CPU, starts it after the idle time when no request comes', () => {
    const warmUp = vi.fn();
    const afterListen = scheduleWarmUp({ cpus: 1, warmUp });
    afterListen(new EventEmitter());
    vi.advanceTimersByTime(IDLE_WARM_UP_MS - 1);
    expect(warmUp).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(warmUp).toHaveBeenCalledTimes(1);
  });
});
