import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServerMetrics } from '../metrics/metrics.js';
import { ConsoleSampler } from './console-sampler.js';
import { SeriesRing } from './series-ring.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ConsoleSampler', () => {
  it('turns the commands counted in each second into that second’s sample', () => {
    const sampler = new ConsoleSampler();
    sampler.start();
    sampler.record('sg0', 'ok', 0.002, { direction: 'read', count: 4096 });
    sampler.record('sg0', 'ok', 0.004, { direction: 'write', count: 512 });
    sampler.record('sg0', 'check_condition', 0.006, undefined);
    sampler.record('sg1', 'timeout', 0.5, undefined);
    vi.advanceTimersByTime(1000);
    sampler.record('sg0', 'ok', 0.001, { direction: 'read', count: 1024 });
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(1000);
    const [sg0, sg1] = sampler.series(['sg0', 'sg1']);
    expect(sg0).toEqual({
      id: 'sg0',
      samples: {
        t: [T0 + 1000, T0 + 2000, T0 + 3000],
        commandsPerSecond: [3, 1, 0],
        errorsPerSecond: [1, 0, 0],
        meanLatencyMs: [4, 1, null],
        readBytesPerSecond: [4096, 1024, 0],
        writeBytesPerSecond: [512, 0, 0],
      },
    });
    expect(sg1!.samples).toMatchObject({ commandsPerSecond: [1, 0, 0], errorsPerSecond: [1, 0, 0], meanLatencyMs: [500, null, null] });
    sampler.stop();
  });

  it('answers only the samples newer than since, and none for a device it does not sample', () => {
    const sampler = new ConsoleSampler();
    sampler.start();
    sampler.keep(['sg0']);
    vi.advanceTimersByTime(5000);
    const [sg0, sg9] = sampler.series(['sg0', 'sg9'], T0 + 3000);
    expect(sg0!.samples.t).toEqual([T0 + 4000, T0 + 5000]);
    expect(sg0!.samples.commandsPerSecond).toEqual([0, 0]);
    expect(sg9).toEqual({ id: 'sg9', samples: { t: [], commandsPerSecond: [], errorsPerSecond: [], meanLatencyMs: [], readBytesPerSecond: [], writeBytesPerSecond: [] } });
    expect(sampler.series(['sg0'], T0 + 5000)[0]!.samples.t).toEqual([]);
    sampler.stop();
  });

  it('keeps the newest 300 samples per device', () => {
    const sampler = new ConsoleSampler();
    sampler.start();
    sampler.keep(['sg0']);
    for (let s = 1; s <= 400; s++) {
      sampler.record('sg0', 'ok', 0.001, undefined);
      vi.advanceTimersByTime(1000);
    }
    const { t, commandsPerSecond } = sampler.series(['sg0'])[0]!.samples;
    expect(t).toHaveLength(300);
    expect(t[0]).toBe(T0 + 101_000);
    expect(t[299]).toBe(T0 + 400_000);
    expect(commandsPerSecond.every((c) => c === 1)).toBe(true);
    sampler.stop();
  });

  it('divides by the time that really passed when the timer comes late', () => {
    const sampler = new ConsoleSampler();
    sampler.start();
    for (let i = 0; i < 3; i++) sampler.record('sg0', 'ok', 0.001, { direction: 'read', count: 1000 });
    // the event loop was blocked: the tick for the first second runs 1.5 s after the start
    vi.setSystemTime(T0 + 500);
    vi.advanceTimersByTime(1000);
    expect(sampler.series(['sg0'])[0]!.samples).toMatchObject({ commandsPerSecond: [2], readBytesPerSecond: [2000], meanLatencyMs: [1] });
    sampler.stop();
  });

  it('drops a device no longer kept, with its samples', () => {
    const sampler = new ConsoleSampler();
    sampler.start();
    sampler.keep(['sg0', 'sg1']);
    vi.advanceTimersByTime(2000);
    sampler.keep(['sg1']);
    vi.advanceTimersByTime(1000);
    expect(sampler.series(['sg0', 'sg1']).map((d) => d.samples.t.length)).toEqual([0, 3]);
    sampler.stop();
  });

  it('counts and samples nothing while stopped, and stops with its timer and its subscription', () => {
    const metrics = new ServerMetrics({ processMetrics: false });
    const sampler = new ConsoleSampler();
    sampler.record('sg0', 'ok', 0.001, undefined);
    metrics.observeCommand('sg0', 0x28, 'READ(10)', 'ok', 0.001, undefined);
    vi.advanceTimersByTime(5000);
    expect(sampler.series(['sg0'])[0]!.samples.t).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);

    sampler.start(metrics);
    expect(sampler.running).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    metrics.observeCommand('sg0', 0x28, 'READ(10)', 'ok', 0.003, { direction: 'read', count: 8192 });
    metrics.observeCommand('sg0', 0x28, 'READ(10)', 'gone', 0.001, undefined);
    vi.advanceTimersByTime(1000);
    expect(sampler.series(['sg0'])[0]!.samples).toMatchObject({ commandsPerSecond: [2], errorsPerSecond: [1], meanLatencyMs: [2], readBytesPerSecond: [8192] });

    sampler.stop();
    expect(sampler.running).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    for (let i = 0; i < 100; i++) metrics.observeCommand('sg0', 0x28, 'READ(10)', 'ok', 0.001, undefined);
    vi.advanceTimersByTime(10_000);
    expect(sampler.series(['sg0'])[0]!.samples.t).toHaveLength(1);
  });

  it('does not keep the process alive', () => {
    const real = setInterval;
    const unref = vi.fn();
    vi.stubGlobal('setInterval', (...args: Parameters<typeof setInterval>) => Object.assign(real(...args), { unref }));
    const sampler = new ConsoleSampler();
    sampler.start();
    expect(unref).toHaveBeenCalledOnce();
    sampler.stop();
    vi.unstubAllGlobals();
  });
});

describe('SeriesRing', () => {
  it('holds the newest samples in order, null latency for a second without commands', () => {
    const ring = new SeriesRing(3);
    for (let i = 1; i <= 5; i++) ring.push(i, i * 10, 0, i === 4 ? Number.NaN : i, 0, 0);
    expect(ring.size).toBe(3);
    expect(ring.columns()).toEqual({ t: [3, 4, 5], commandsPerSecond: [30, 40, 50], errorsPerSecond: [0, 0, 0], meanLatencyMs: [3, null, 5], readBytesPerSecond: [0, 0, 0], writeBytesPerSecond: [0, 0, 0] });
    expect(ring.columns(4).t).toEqual([5]);
    expect(() => new SeriesRing(0)).toThrow(RangeError);
  });
});
