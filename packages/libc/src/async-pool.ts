/**
 * A small pool of worker threads that run blocking calls off the event loop.
 *
 * Why workers and not koffi's `.async`: koffi runs async calls on libuv's
 * thread pool and reads nothing back but the return value. errno is
 * thread-local, so after a failed `.async` call the main thread's
 * `koffi.errno()` is unrelated to the failure. Our workers make the call with
 * koffi synchronously and read errno on the same thread right after it.
 *
 * Each call occupies one worker until it returns (a blocking read of an sg
 * device waits for its command), so the pool grows on demand up to
 * `maxThreads`; further calls queue. A call waits in one queue and goes to
 * whichever worker is ready first: a worker that is still starting takes
 * nothing. Starting one is a whole Node.js isolate (tens of ms on a quiet
 * machine, about half a second in the lab's one-CPU guest), so the pool
 * starts at most one per CPU at a time, and only while calls wait: a burst
 * of 16 quick calls on a cold pool is served by the first worker that
 * comes up, instead of each call waiting for a thread of its own while 16
 * isolates boot on the same CPU. A worker that fails to start while no
 * other can take the calls rejects the calls waiting (they would otherwise
 * wait for ever).
 *
 * A worker is stopped only when it is up and between calls, and it keeps
 * the process alive (`ref()`) while it starts or runs a call: an idle pool
 * never keeps the process alive. Stopping a worker, or leaving the process,
 * while the worker runs koffi code (loading it, declaring functions, or
 * turning a call's result into a JavaScript value) aborts the whole process
 * with `FATAL ERROR: Error::ThrowAsJavaScriptException napi_throw`
 * (measured: 3 in 3 runs of 300 `terminate()`s at random points of a
 * worker's start; koffi issue 190). Extra idle workers exit after
 * `idleTimeoutMs`.
 *
 * Size: 16 threads unless the environment variable `SGIO_WORKER_THREADS`
 * (read once, when the module loads) or {@link configureAsync} says
 * otherwise. A call blocked in the kernel holds its thread: size the pool
 * for every call that may block at once (sgio's core caps how many each
 * device may hold).
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type * as WorkerThreads from 'node:worker_threads';
import { koffiPath } from './koffi-module.js';
import { ASYNC_WORKER_SOURCE } from './async-worker-source.js';
import { LibcError, SystemError, type SystemErrorContext } from './errors.js';
import { assertSupportedPlatform } from './platform.js';

/** Tunables of the async pool. */
export interface AsyncPoolOptions {
  /** Most worker threads running calls at once (default 16, or `SGIO_WORKER_THREADS`). */
  maxThreads?: number;
  /** Idle time after which workers beyond the first exit (default 5000 ms). */
  idleTimeoutMs?: number;
}

interface Job {
  readonly message: unknown[];
  readonly syscall: string;
  readonly context: SystemErrorContext;
  /** Memory the call uses: kept reachable until the call has returned. */
  readonly keepAlive: unknown;
  readonly resolve: (value: number) => void;
  readonly reject: (err: unknown) => void;
  /** Withdraws the call while it waits for a worker (set when a signal was given). */
  onAbort?: () => void;
  readonly signal?: AbortSignal;
  /** Rejected by a shutdown that stopped waiting: the reply is dropped; the memory was kept until it came. */
  shutDown?: boolean;
  /** Resolves the rejection's {@link callReturned} promise once the call has returned (set with `shutDown`). */
  markReturned?: () => void;
}

interface Slot {
  readonly worker: WorkerThreads.Worker;
  /** False until the worker has loaded koffi and said so; until then it takes no call. */
  ready: boolean;
  job: Job | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  /** Set by shutdownAsync() on a worker that is running a call: called once the call has returned. */
  onReturn: (() => void) | undefined;
}

type Reply = [id: number, result: number, errno: number, failure?: string];

/** The id of the message a worker posts once it can take calls (calls are numbered from 1). */
const READY_ID = 0;
/** After a worker failed to start, no other starts for this long while the running ones take the calls (ms). */
const START_RETRY_MS = 1000;

const settings: Required<AsyncPoolOptions> = { maxThreads: threadsFromEnv(process.env.SGIO_WORKER_THREADS), idleTimeoutMs: 5000 };
const slots: Slot[] = [];
const queue: Job[] = [];
/** Workers of a shut-down pool still running a call: referenced here (with their job's memory) until it returns. */
const stranded = new Set<Slot>();
let workerKoffiPath: string | undefined;
/** Workers started at once at most: starting one is CPU work (an isolate's bootstrap), so one per CPU. */
const startingLimit = Math.max(1, availableParallelism());
/** `performance.now()` before which no worker is started (set when one failed to start). */
let startPausedUntil = 0;
/** Looks at the queue again when a start pause ends: calls may wait with every running worker blocked. */
let pauseEndTimer: NodeJS.Timeout | undefined;

/** The thread count `SGIO_WORKER_THREADS` asks for (16 when unset); a bad value is an error when the module loads. */
function threadsFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 16;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new RangeError(`SGIO_WORKER_THREADS must be an integer 1..1024, got ${JSON.stringify(value)}; unset it for the default of 16`);
  return n;
}

/** Changes the pool's limits. Takes effect for the next calls. */
export function configureAsync(options: AsyncPoolOptions): void {
  if (options.maxThreads !== undefined) {
    if (!Number.isInteger(options.maxThreads) || options.maxThreads < 1) throw new RangeError('maxThreads must be an integer >= 1');
    settings.maxThreads = options.maxThreads;
  }
  if (options.idleTimeoutMs !== undefined) settings.idleTimeoutMs = Math.max(0, options.idleTimeoutMs);
}

/** The pool's state, from {@link asyncPoolStats}. */
export interface AsyncPoolStats {
  /** Worker threads, started or starting. */
  readonly threads: number;
  /** Workers still starting (they take no call yet). */
  readonly starting: number;
  /** Workers running a call. */
  readonly busy: number;
  /** Calls waiting for a worker. */
  readonly queued: number;
}

/** Current number of worker threads, starting and busy ones, and queued calls (for tests and metrics). */
export function asyncPoolStats(): AsyncPoolStats {
  return { threads: slots.length, starting: slots.filter((s) => !s.ready).length, busy: slots.filter((s) => s.job).length, queued: queue.length };
}

/** Options of {@link shutdownAsync}. */
export interface ShutdownOptions {
  /**
   * Longest wait, in ms, for calls that workers are running (default: no
   * limit). A call still running then is rejected with `ERR_ASYNC_SHUTDOWN`,
   * but its memory stays referenced by the pool until the call returns, and
   * its worker exits only then: the kernel may still read or write that
   * memory, so do not reuse it either; `callReturned(error)` resolves when
   * the call has returned.
   */
  readonly timeoutMs?: number;
}

/**
 * Stops every worker thread. Calls still waiting for a worker are rejected
 * with `ERR_ASYNC_SHUTDOWN` (they never ran). Calls a worker is running are
 * waited for and settle with their own results: a worker blocked in a system
 * call cannot be stopped (Node's `terminate()` waits for the call), and its
 * memory must stay alive until the kernel is done with it. A worker still
 * starting (loading koffi) is stopped once it is up. See
 * {@link ShutdownOptions.timeoutMs} to bound the wait. Later calls start a
 * new pool.
 */
export async function shutdownAsync(options: ShutdownOptions = {}): Promise<void> {
  const all = slots.splice(0);
  clearPause();
  for (const job of queue.splice(0)) job.reject(new LibcError('ERR_ASYNC_SHUTDOWN', `${job.syscall}: the async pool was shut down before the call ran`));
  const stopped = all.map((slot) => {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    // a worker is stopped only between calls and once it is up: one still loading koffi is waited for
    if (!slot.job && slot.ready) return stop(slot);
    stranded.add(slot);
    return new Promise<void>((resolve) => {
      slot.onReturn = () => {
        stranded.delete(slot);
        resolve(stop(slot));
      };
    });
  });
  const timeoutMs = options.timeoutMs;
  if (timeoutMs === undefined) {
    await Promise.all(stopped);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, timeoutMs))));
  const outcome = await Promise.race([Promise.all(stopped), late]);
  clearTimeout(timer);
  if (outcome !== 'late') return;
  for (const slot of all) {
    const job = slot.job;
    if (!job || job.shutDown) continue;
    // the job (and so its memory) stays referenced by the slot until the worker reports the call returned
    job.shutDown = true;
    const returned = new Promise<void>((resolve) => (job.markReturned = resolve));
    const error = new LibcError('ERR_ASYNC_SHUTDOWN', `${job.syscall}: the async pool was shut down while the call ran; its memory stays referenced until the call returns, so do not reuse it before callReturned(error) resolves`);
    stillRunning.set(error, returned);
    job.reject(error);
  }
}

/** The calls a shutdown rejected while they ran, by their error: resolved once each has returned. */
const stillRunning = new WeakMap<object, Promise<void>>();

/**
 * When the memory of a failed pool call may be reused: for the
 * `ERR_ASYNC_SHUTDOWN` of a call that a worker was still running when
 * `shutdownAsync({ timeoutMs })` stopped waiting, a promise that resolves
 * once that call has returned (the kernel may read and write the call's
 * buffers until then); for any other error, a resolved promise (the call
 * never ran, or has returned). A caller whose buffers are referenced by its
 * own closures, not only by the call's `keepAlive`, keeps them until this
 * resolves.
 */
export function callReturned(error: unknown): Promise<void> {
  return (typeof error === 'object' && error !== null ? stillRunning.get(error) : undefined) ?? Promise.resolve();
}

/**
 * Starts worker threads until `count` are up or starting (at most the
 * pool's size, one per CPU at a time), with no call for them yet: a program
 * that will run blocking calls (a server with devices) pays a worker's
 * start, a whole isolate plus koffi (about half a second in the lab's
 * one-CPU guest), while it gets ready, instead of in its first call. A
 * worker that comes up waits for calls like any idle one (it keeps the
 * process alive only while it starts); one that cannot start is forgotten,
 * and the first call tries again and reports why. Does nothing while starts
 * are paused after a failed one.
 */
export function prestartAsync(count = 1): void {
  assertSupportedPlatform('prestartAsync');
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`prestartAsync: count must be an integer >= 0, got ${count}`);
  startWorkers(() => slots.length < count);
}

/** Starts workers while `wanted()` holds and the pool may start one: under its size, one per CPU at once, not paused. */
function startWorkers(wanted: (starting: number) => boolean): void {
  let starting = slots.filter((s) => !s.ready).length;
  while (wanted(starting) && starting < startingLimit && slots.length < settings.maxThreads && performance.now() >= startPausedUntil) {
    spawn();
    starting++;
  }
}

/** Terminates a worker that runs no call; resolves when its thread has exited. */
function stop(slot: Slot): Promise<void> {
  slot.worker.removeAllListeners('exit');
  return slot.worker.terminate().then(() => undefined);
}

/**
 * Tests only (not exported by the package): the module a new worker loads
 * as koffi; undefined restores the real one.
 */
export function setWorkerKoffiPathForTests(path: string | undefined): void {
  workerKoffiPath = path;
}

function spawn(): Slot {
  workerKoffiPath ??= koffiPath();
  // node:worker_threads loads with the first worker: a process that never
  // needs the pool (most CLI runs) does not pay for the module at start-up
  const { Worker: WorkerThread } = createRequire(import.meta.url)('node:worker_threads') as typeof WorkerThreads;
  const worker = new WorkerThread(ASYNC_WORKER_SOURCE, { eval: true, workerData: { koffi: workerKoffiPath } });
  // ref()-ed until it is up (see the module comment): idle() unrefs it
  const slot: Slot = { worker, ready: false, job: undefined, idleTimer: undefined, onReturn: undefined };
  worker.on('message', (reply: Reply) => (reply[0] === READY_ID ? started(slot) : settle(slot, reply)));
  worker.on('error', (err) => fail(slot, err));
  worker.on('exit', (code) => fail(slot, new LibcError('ERR_ASYNC_WORKER_EXIT', `the async worker thread exited (code ${code})`)));
  slots.push(slot);
  return slot;
}

function fail(slot: Slot, err: unknown): void {
  const i = slots.indexOf(slot);
  if (i >= 0) slots.splice(i, 1);
  if (slot.idleTimer) clearTimeout(slot.idleTimer);
  const job = slot.job;
  slot.job = undefined;
  if (job && !job.shutDown) job.reject(err);
  // the worker is gone, and the call with it
  if (job?.shutDown) job.markReturned?.();
  if (!slot.ready && i >= 0) failedToStart(err);
  if (slot.onReturn) slot.onReturn();
  else pump();
}

/**
 * A worker died before it could take calls (koffi does not load in a
 * worker, no thread could be created, ...). If no other worker can take
 * the waiting calls, they are rejected with that error: starting another
 * would most likely fail the same way, and a call must not wait for ever.
 * Otherwise the running workers take them, and no worker starts for
 * `START_RETRY_MS`; when that pause ends, workers start for the calls still
 * waiting (the running ones may stay blocked for much longer).
 */
function failedToStart(err: unknown): void {
  if (slots.length > 0) {
    // the running workers may all stay blocked for longer than the pause: the queue is looked at again when it
    // ends, not only at the next call, return or start
    startPausedUntil = performance.now() + START_RETRY_MS;
    if (pauseEndTimer) clearTimeout(pauseEndTimer);
    pauseEndTimer = setTimeout(() => {
      // libuv's timer clock may run a little behind performance.now(): the pause is over, whatever it says
      pauseEndTimer = undefined;
      startPausedUntil = 0;
      pump();
    }, START_RETRY_MS);
    // the waiting calls do not keep the process alive by themselves (the running workers do)
    pauseEndTimer.unref();
    return;
  }
  for (const job of queue.splice(0)) job.reject(new LibcError('ERR_ASYNC_WORKER_START', `${job.syscall}: no worker thread could start to run it: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
  clearPause(); // the next call tries again
}

function clearPause(): void {
  startPausedUntil = 0;
  if (pauseEndTimer) clearTimeout(pauseEndTimer);
  pauseEndTimer = undefined;
}

/** A worker has loaded koffi: it takes the next waiting call, or waits for one; more may start for the rest. */
function started(slot: Slot): void {
  slot.ready = true;
  if (takeNext(slot)) pump();
}

/**
 * A worker is free (up, or done with a call): a shut-down pool stops it (false);
 * otherwise it takes the next waiting call, or idles (true).
 */
function takeNext(slot: Slot): boolean {
  if (slot.onReturn) {
    // shut down while it started or ran a call: the worker takes nothing more
    slot.onReturn();
    return false;
  }
  const next = queue.shift();
  if (next) run(slot, next);
  else idle(slot);
  return true;
}

function settle(slot: Slot, reply: Reply): void {
  const job = slot.job;
  slot.job = undefined;
  takeNext(slot);
  if (job?.shutDown) job.markReturned?.();
  if (!job || job.shutDown) return;
  const [, result, errno, failure] = reply;
  if (failure !== undefined) job.reject(new LibcError('ERR_ASYNC_CALL', `${job.syscall}: ${failure}`));
  else if (result < 0) job.reject(new SystemError(errno, job.syscall, job.context));
  else job.resolve(result);
}

function idle(slot: Slot): void {
  slot.worker.unref();
  if (slots.length > 1 && slots.indexOf(slot) > 0) {
    slot.idleTimer = setTimeout(() => {
      if (slot.job) return;
      const i = slots.indexOf(slot);
      if (i > 0) {
        slots.splice(i, 1);
        slot.worker.removeAllListeners('exit');
        void slot.worker.terminate();
      }
    }, settings.idleTimeoutMs);
    slot.idleTimer.unref();
  }
}

function run(slot: Slot, job: Job): void {
  // once a worker has the call it runs to completion: the signal no longer withdraws it
  if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
  if (slot.idleTimer) {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
  }
  slot.job = job;
  slot.worker.ref();
  slot.worker.postMessage(job.message);
}

/** Gives waiting calls to ready idle workers, and starts workers for the calls left. */
function pump(): void {
  while (queue.length > 0) {
    const slot = slots.find((s) => s.ready && !s.job);
    if (!slot) break;
    run(slot, queue.shift() as Job);
  }
  // one start for each waiting call that no starting worker will take
  if (queue.length > 0) startWorkers((starting) => queue.length > starting);
}

let nextId = 1;

/** Options of the pool's calls (for example `ioctlAsync`'s last argument). */
export interface SubmitOptions {
  /**
   * Withdraws the call while it still waits for a worker thread: it is then
   * rejected with an `ERR_ASYNC_ABORTED` error and never runs. A call a
   * worker has started runs to completion (a blocking system call cannot be
   * withdrawn).
   */
  readonly signal?: AbortSignal;
}

/**
 * Runs one call in the pool. `keepAlive` is referenced until the call
 * returns, so memory passed by address cannot be collected meanwhile.
 */
export function submit(op: number, args: unknown[], syscall: string, context: SystemErrorContext, keepAlive: unknown, options: SubmitOptions = {}): Promise<number> {
  assertSupportedPlatform(`${syscall}Async`);
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(aborted(syscall, signal));
  return new Promise<number>((resolve, reject) => {
    const message = [nextId++, op, ...args];
    const job: Job = signal ? { message, syscall, context, keepAlive, resolve, reject, signal } : { message, syscall, context, keepAlive, resolve, reject };
    if (signal) {
      job.onAbort = () => {
        const i = queue.indexOf(job);
        if (i < 0) return; // already running
        queue.splice(i, 1);
        reject(aborted(syscall, signal));
      };
      signal.addEventListener('abort', job.onAbort, { once: true });
    }
    queue.push(job);
    pump();
  });
}

function aborted(syscall: string, signal: AbortSignal): LibcError {
  return new LibcError('ERR_ASYNC_ABORTED', `${syscall}: withdrawn before a worker ran it (the call was aborted)`, { cause: signal.reason });
}
