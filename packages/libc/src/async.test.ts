import { describe, expect, it } from 'vitest';
import { asyncPoolStats, callReturned, configureAsync, prestartAsync, setWorkerKoffiPathForTests, shutdownAsync, type AsyncPoolStats } from './async-pool.js';
import { getpidAsync, ioctlAsync, pollAsync, pollOneAsync, preadAsync, pwriteAsync, readAsync, writeAsync } from './async.js';
import { POLLIN, POLLOUT } from './constants/index.js';
import { close, open, pipe, write } from './io.js';
import type { PollFd } from './poll.js';
import { fixture, runFixture, tempFile } from './test-support/helpers.js';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { O_RDWR } from './constants/index.js';

describe('async variants (worker threads)', () => {
  it('a signal withdraws a call still waiting for a worker; it never runs', async () => {
    configureAsync({ maxThreads: 1 });
    const [r, w] = pipe();
    try {
      const busy = readAsync(r, Buffer.alloc(1)); // holds the only worker until the pipe has data
      await until((s) => s.busy === 1);
      const controller = new AbortController();
      const FIONREAD = 0x541b;
      const waiting = ioctlAsync(r, FIONREAD, Buffer.alloc(4), { signal: controller.signal });
      expect(asyncPoolStats().queued).toBe(1);
      controller.abort(new Error('closing'));
      await expect(waiting).rejects.toMatchObject({ code: 'ERR_ASYNC_ABORTED' });
      expect(asyncPoolStats().queued).toBe(0);
      // an already aborted signal refuses at once; a running call is not withdrawn
      await expect(ioctlAsync(r, FIONREAD, Buffer.alloc(4), { signal: controller.signal })).rejects.toMatchObject({ code: 'ERR_ASYNC_ABORTED' });
      write(w, Buffer.from('x'));
      expect(await busy).toBe(1);
    } finally {
      configureAsync({ maxThreads: 16 });
      close(r);
      close(w);
    }
  });

  it('a blocking read runs off the event loop and resolves when data arrives', async () => {
    const [r, w] = pipe();
    const buf = Buffer.alloc(5);
    const pending = readAsync(r, buf);
    let settled = false;
    void pending.then(() => (settled = true));
    // The loop keeps turning while read() blocks: count turns, not milliseconds.
    let turns = 0;
    for (let i = 0; i < 20; i++) {
      await new Promise((res) => setImmediate(res));
      turns++;
    }
    expect([turns, settled]).toEqual([20, false]);
    write(w, Buffer.from('hello'));
    expect(await pending).toBe(5);
    expect(buf.toString()).toBe('hello');
    close(r);
    close(w);
  });

  it('carries the errno of the failed call', async () => {
    await expect(readAsync(424242, Buffer.alloc(1))).rejects.toMatchObject({ code: 'EBADF', errno: 9, syscall: 'read', fd: 424242 });
    const fd = open(tempFile('x'));
    await expect(ioctlAsync(fd, 0x541b + 0x100, Buffer.alloc(4))).rejects.toMatchObject({ code: 'ENOTTY', request: 0x551b });
    await expect(writeAsync(fd, Buffer.from('no'))).rejects.toMatchObject({ code: 'EBADF', syscall: 'write' });
    close(fd);
  });

  it('pread/pwrite/ioctl/poll', async () => {
    const fd = open(tempFile('0123456789'), O_RDWR);
    expect(await pwriteAsync(fd, Buffer.from('AB'), 4)).toBe(2);
    const b = new Uint8Array(6);
    expect(await preadAsync(fd, b, 2)).toBe(6);
    expect(Buffer.from(b).toString()).toBe('23AB67');
    close(fd);
    const [r, w] = pipe();
    write(w, Buffer.from('abc'));
    const cell = new Int32Array(1);
    expect(await ioctlAsync(r, 0x541b, cell)).toBe(0);
    expect(cell[0]).toBe(3);
    expect(await pollOneAsync(r, POLLIN, 1000)).toBe(POLLIN);
    const set: PollFd[] = [
      { fd: r, events: POLLIN },
      { fd: w, events: POLLOUT },
    ];
    expect(await pollAsync(set, 0)).toBe(2);
    expect(set.map((s) => s.revents)).toEqual([POLLIN, POLLOUT]);
    close(r);
    close(w);
  });

  it('several blocking calls at once use several threads, up to the limit', async () => {
    configureAsync({ maxThreads: 4 });
    const pipes = Array.from({ length: 6 }, () => pipe());
    const reads = pipes.map(([r]) => readAsync(r, Buffer.alloc(1)));
    await until((s) => s.busy === 4);
    expect(asyncPoolStats()).toMatchObject({ threads: 4, busy: 4, queued: 2 });
    for (const [, w] of pipes) write(w, Buffer.from('z'));
    expect(await Promise.all(reads)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await getpidAsync()).toBe(process.pid);
    for (const [r, w] of pipes) {
      close(r);
      close(w);
    }
    configureAsync({ maxThreads: 16 });
  });

  it('shutdownAsync() waits for a call in the kernel: it settles with its own result, its buffer filled', async () => {
    await shutdownAsync(); // idle threads of earlier tests would take the queued call
    configureAsync({ maxThreads: 1 });
    const [r, w] = pipe();
    try {
      const buf = Buffer.alloc(3);
      const running = readAsync(r, buf); // blocks in read(2) until the pipe has data
      const queued = getpidAsync();
      await until((s) => s.busy === 1);
      expect(asyncPoolStats()).toMatchObject({ busy: 1, queued: 1 });
      let stopped = false;
      const shutdown = shutdownAsync().then(() => (stopped = true));
      await expect(queued).rejects.toMatchObject({ code: 'ERR_ASYNC_SHUTDOWN' });
      await new Promise((res) => setTimeout(res, 100));
      expect(stopped).toBe(false); // the running read still holds its buffer
      write(w, Buffer.from('abc'));
      expect(await running).toBe(3);
      expect(buf.toString()).toBe('abc');
      await shutdown;
      expect(asyncPoolStats()).toEqual({ threads: 0, starting: 0, busy: 0, queued: 0 });
      expect(await getpidAsync()).toBe(process.pid); // a later call starts a new pool
    } finally {
      configureAsync({ maxThreads: 16 });
      close(r);
      close(w);
    }
  });

  it('shutdownAsync({ timeoutMs }) rejects a call still running but keeps its memory until the call returns', async () => {
    const [r, w] = pipe();
    try {
      const buf = Buffer.alloc(2);
      const running = readAsync(r, buf);
      await until((s) => s.busy === 1);
      const started = performance.now();
      await shutdownAsync({ timeoutMs: 100 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(95);
      const error = await running.catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_ASYNC_SHUTDOWN', message: /memory stays referenced until the call returns/ });
      expect(asyncPoolStats().threads).toBe(0);
      // callReturned tells the caller when its memory is free again: not while the read is in the kernel
      let returned = false;
      void callReturned(error).then(() => (returned = true));
      await new Promise((res) => setTimeout(res, 50));
      expect(returned).toBe(false);
      // the stranded worker still owns the read: the kernel fills the buffer it was given
      write(w, Buffer.from('ok'));
      await callReturned(error);
      expect(buf.toString()).toBe('ok');
      // any other failure: nothing to wait for
      await callReturned(new Error('not a pool call'));
      await callReturned(undefined);
    } finally {
      close(r);
      close(w);
    }
  });

  it('a burst of calls on a cold pool goes to the first worker that is up, not one new thread each', async () => {
    await shutdownAsync();
    const calls = Array.from({ length: 16 }, () => getpidAsync());
    // a worker is an isolate to start: at most one per CPU starts at once, and none is given a call before it is up
    const first = asyncPoolStats();
    expect(first.starting).toBeLessThanOrEqual(availableParallelism());
    expect(first).toMatchObject({ threads: first.starting, busy: 0, queued: 16 });
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 16 }, () => process.pid));
    // the old pool started 16 threads for this; now the first ones up serve all (a few more may have been starting)
    expect(asyncPoolStats().threads).toBeLessThan(16);
    expect(asyncPoolStats()).toMatchObject({ busy: 0, queued: 0 });
  });

  it('a worker that cannot start rejects the calls waiting for it with ERR_ASYNC_WORKER_START; the next call starts afresh', async () => {
    await shutdownAsync();
    setWorkerKoffiPathForTests('/nonexistent/koffi.node');
    try {
      const calls = [getpidAsync(), getpidAsync()];
      for (const call of calls) await expect(call).rejects.toMatchObject({ code: 'ERR_ASYNC_WORKER_START', message: /getpid: no worker thread could start to run it: .*koffi/ });
      expect(asyncPoolStats()).toMatchObject({ threads: 0, queued: 0 });
    } finally {
      setWorkerKoffiPathForTests(undefined);
    }
    expect(await getpidAsync()).toBe(process.pid);
  });

  it('after a failed start beside a blocked worker, a waiting call gets a new worker once the pause ends', async () => {
    await shutdownAsync();
    const [r, w] = pipe();
    try {
      const blocked = readAsync(r, Buffer.alloc(1)); // the only good worker, blocked until the pipe has data
      await until((s) => s.busy === 1);
      setWorkerKoffiPathForTests('/nonexistent/koffi.node');
      const waiting = getpidAsync();
      // the next worker fails to start; the blocked one stays, so the call waits instead of being rejected
      await until((s) => s.threads === 1 && s.starting === 0 && s.queued === 1);
      setWorkerKoffiPathForTests(undefined);
      // nothing else happens in the pool: only the end of the 1 s pause can start a worker for the call
      expect(await waiting).toBe(process.pid);
      expect(asyncPoolStats()).toMatchObject({ busy: 1, queued: 0 });
      // release the blocked read by giving it data (closing the read end under a blocked reader would not)
      write(w, Buffer.from('x'));
      expect(await blocked).toBe(1);
    } finally {
      setWorkerKoffiPathForTests(undefined);
      close(r);
      close(w);
    }
  }, 20_000);

  it('shutdownAsync() at any moment of a worker\'s start neither aborts the process nor leaves a call unsettled', () => {
    // a worker stopped while it loads koffi aborts the process (FATAL ERROR ... napi_throw); one version of the
    // pool that stopped starting workers at once hung here with a call never settled (exit 13)
    const r = runFixture('shutdown-while-starting.mjs', ['50']);
    expect(r.stderr).toBe('');
    expect([r.status, r.signal]).toEqual([0, null]);
    expect(JSON.parse(r.stdout)).toMatchObject({ rounds: 50, threads: 0, starting: 0, busy: 0, queued: 0 });
  }, 60_000);

  it('SGIO_WORKER_THREADS sizes the pool; a bad value is refused with a message that says what to do', () => {
    const sized = spawnWithEnv('pool-size-env.mjs', { SGIO_WORKER_THREADS: '2' });
    expect(sized.stderr).toBe('');
    expect(JSON.parse(sized.stdout)).toEqual({ threads: 2, busy: 2, queued: 1 });
    const bad = spawnWithEnv('pool-size-env.mjs', { SGIO_WORKER_THREADS: 'many' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/SGIO_WORKER_THREADS must be an integer 1\.\.1024, got "many"; unset it/);
  });

  it('prestartAsync starts a worker with no call; the first call runs on it; the process still exits by itself', () => {
    const r = runFixture('prestart-exit.mjs');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      atStart: { threads: 1, starting: 1, busy: 0, queued: 0 },
      up: { threads: 1, starting: 0, busy: 0, queued: 0 },
      samePid: true,
      // no second thread was started for the call
      afterCall: { threads: 1, starting: 0, busy: 0, queued: 0 },
    });
  });

  it('prestartAsync starts no more than asked, nor beyond the pool size, and refuses a bad count', async () => {
    await shutdownAsync();
    configureAsync({ maxThreads: 1 });
    try {
      prestartAsync(0);
      expect(asyncPoolStats().threads).toBe(0);
      prestartAsync(3);
      expect(asyncPoolStats().threads).toBe(1);
      prestartAsync(1);
      expect(asyncPoolStats().threads).toBe(1);
      expect(() => prestartAsync(-1)).toThrow(/count must be an integer >= 0/);
      await until((s) => s.starting === 0);
      expect(await getpidAsync()).toBe(process.pid);
    } finally {
      configureAsync({ maxThreads: 16 });
    }
  });

  it('an idle pool does not keep the process alive', () => {
    const r = runFixture('async-exit.mjs');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ read: 'ping', busy: 0, queued: 0 });
  });
});

/** Waits (up to 20 s: starting a worker takes a while on a loaded machine) until the pool's stats satisfy `ready`. */
async function until(ready: (s: AsyncPoolStats) => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !ready(asyncPoolStats()); i++) await new Promise((res) => setTimeout(res, 10));
}

/** Runs a fixture with extra environment variables. */
function spawnWithEnv(name: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [fixture(name)], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
