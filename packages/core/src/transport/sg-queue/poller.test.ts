import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { O_CLOEXEC, O_NONBLOCK, POLLIN, close, pipe, shutdownAsync, tryWrite } from '@sgio/libc';
import { describe, expect, it } from 'vitest';
import { POLL_SLICE_MS, Poller } from './poller.js';

const fdCount = (): number => readdirSync('/proc/self/fd').length;

describe('Poller', () => {
  it('watches several fds with one poll, calls each back once, and releases its wake pipe when idle', async () => {
    // warm up: the first poll starts a libc worker thread (which has descriptors of its own)
    const warm = new Poller();
    const [w, ww] = pipe(O_CLOEXEC | O_NONBLOCK);
    await new Promise<void>((resolve) => {
      warm.want(w, { onPoll: () => resolve() });
      tryWrite(ww, new Uint8Array(1));
    });
    close(w);
    close(ww);
    const before = fdCount();
    const p = new Poller();
    const [a, aw] = pipe(O_CLOEXEC | O_NONBLOCK);
    const [b, bw] = pipe(O_CLOEXEC | O_NONBLOCK);
    const calls: [string, number][] = [];
    const done = new Promise<void>((resolve) => {
      p.want(a, { onPoll: (r) => calls.push(['a', r]) });
      // b joins while the poll runs: the wake pipe interrupts it
      setTimeout(() => {
        p.want(b, { onPoll: (r) => (calls.push(['b', r]), resolve()) });
        tryWrite(bw, new Uint8Array(1));
      }, 10);
    });
    await done;
    expect(calls.find(([n]) => n === 'b')?.[1]).toBe(POLLIN);
    expect(calls.filter(([n]) => n === 'a').length).toBeGreaterThanOrEqual(1);
    expect(p.watching).toBe(0);
    // Idle now: the wake pipe goes with the last callback. Wait on the event
    // (the fd count), a bounded number of loop turns, not a fixed delay.
    for (let turn = 0; turn < 1000 && fdCount() !== before + 4; turn++) await new Promise((r) => setImmediate(r));
    expect(fdCount()).toBe(before + 4);
    for (const fd of [a, aw, b, bw]) close(fd);
    expect(fdCount()).toBe(before);
  });

  it('never throws when no descriptor is left for its wake pipe: the watcher is called back after a slice, and polls once one is', () => {
    // a process with 64 descriptors at most, all used up (see the script)
    const script = join(import.meta.dirname, '..', '..', 'test-support', 'poller-emfile.mjs');
    const out = execFileSync('sh', ['-c', `ulimit -n 64 && exec "${process.execPath}" "${script}"`], { encoding: 'utf8', cwd: join(import.meta.dirname, '..', '..', '..') });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as { exhausted: boolean; threw?: string; first?: { revents: number; ms: number }; second: number };
    expect(r.exhausted).toBe(true);
    expect(r.threw).toBeUndefined();
    expect(r.first?.revents, 'called back without a poll').toBe(0);
    expect(r.first!.ms).toBeGreaterThanOrEqual(POLL_SLICE_MS * 0.9);
    expect(r.second, 'a real poll once descriptors are free').toBe(POLLIN);
  });

  it('tells its watcher of a quiet slice, not an error, when shutdownAsync() withdraws its poll; asked again, a new pool polls', async () => {
    await shutdownAsync(); // a cold pool: the next poll waits for a worker to start
    const p = new Poller();
    const [a, aw] = pipe(O_CLOEXEC | O_NONBLOCK);
    try {
      const first = new Promise<number>((resolve) => p.want(a, { onPoll: resolve }));
      await shutdownAsync(); // withdraws the poll still waiting for its worker (ERR_ASYNC_SHUTDOWN)
      expect(await first, 'a quiet slice (an error would make a device gone)').toBe(0);
      tryWrite(aw, new Uint8Array(1));
      expect(await new Promise<number>((resolve) => p.want(a, { onPoll: resolve }))).toBe(POLLIN);
    } finally {
      close(a);
      close(aw);
    }
  });

  it('remove() interrupts a running poll instead of waiting for the slice', async () => {
    const p = new Poller();
    const [a, aw] = pipe(O_CLOEXEC | O_NONBLOCK);
    let called = 0;
    // A whole slice, measured in this run: a poll nobody interrupts.
    const q = new Poller();
    const [s, sw] = pipe(O_CLOEXEC | O_NONBLOCK);
    const s0 = performance.now();
    const revents = await new Promise<number>((resolve) => q.want(s, { onPoll: resolve }));
    const slice = performance.now() - s0;
    expect(revents).toBe(0);
    expect(slice).toBeGreaterThanOrEqual(POLL_SLICE_MS * 0.9);
    close(s);
    close(sw);

    p.want(a, { onPoll: () => called++ });
    await new Promise((r) => setImmediate(r));
    const t0 = performance.now();
    await p.remove(a);
    // Interrupted: well under the slice this machine just took.
    expect(performance.now() - t0).toBeLessThan(slice / 2);
    expect(called).toBe(0);
    close(a);
    close(aw);
  });
});
