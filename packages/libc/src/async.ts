/**
 * Promise variants of the blocking calls (read, write, pread, pwrite, ioctl,
 * poll). They run in the worker threads of the async pool (see
 * {@link configureAsync}), so the event loop keeps running while the call
 * blocks, and failures carry the errno of the failed call.
 *
 * The memory passed in must not be touched by JavaScript until the promise
 * settles: the call reads and writes it from another thread.
 */
import { submit, type SubmitOptions } from './async-pool.js';
import { AsyncOp } from './async-worker-source.js';
import { type ByteSource, checkFd, transferLength } from './buffers.js';
import { InvalidArgumentError, SystemError } from './errors.js';
import { decodePollRevents, encodePollFds, type PollFd } from './poll.js';
import { addressOf } from './pointer.js';

function addr(view: ByteSource): number {
  return Number(addressOf(view));
}

/** read(2) in a worker thread. Resolves to the number of bytes read. */
export function readAsync(fd: number, buffer: ByteSource, length?: number): Promise<number> {
  checkFd('readAsync', fd);
  const n = transferLength('readAsync', buffer, length);
  return submit(AsyncOp.Read, [fd, addr(buffer), n], 'read', { fd }, buffer);
}

/** write(2) in a worker thread. Resolves to the number of bytes written. */
export function writeAsync(fd: number, buffer: ByteSource, length?: number): Promise<number> {
  checkFd('writeAsync', fd);
  const n = transferLength('writeAsync', buffer, length);
  return submit(AsyncOp.Write, [fd, addr(buffer), n], 'write', { fd }, buffer);
}

/** pread(2) in a worker thread. */
export function preadAsync(fd: number, buffer: ByteSource, position: number | bigint, length?: number): Promise<number> {
  checkFd('preadAsync', fd);
  const n = transferLength('preadAsync', buffer, length);
  return submit(AsyncOp.Pread, [fd, addr(buffer), n, position], 'pread', { fd }, buffer);
}

/** pwrite(2) in a worker thread. */
export function pwriteAsync(fd: number, buffer: ByteSource, position: number | bigint, length?: number): Promise<number> {
  checkFd('pwriteAsync', fd);
  const n = transferLength('pwriteAsync', buffer, length);
  return submit(AsyncOp.Pwrite, [fd, addr(buffer), n, position], 'pwrite', { fd }, buffer);
}

/**
 * ioctl(2) in a worker thread (for example a blocking `SG_IO`). A buffer or
 * typed array is passed as a pointer to its memory, a number or bigint by
 * value, null as a null pointer. Resolves to the call's result.
 * `options.signal` withdraws the call while it waits for a worker thread
 * (rejected with `ERR_ASYNC_ABORTED`); once running it completes.
 */
export function ioctlAsync(fd: number, request: number, arg: ByteSource | number | bigint | null = null, options: SubmitOptions = {}): Promise<number> {
  checkFd('ioctlAsync', fd);
  if (!Number.isInteger(request) || request < -0x80000000 || request > 0xffffffff) {
    throw new InvalidArgumentError(`ioctlAsync: request ${String(request)} is not a 32-bit request code`);
  }
  const req = request < 0 ? request >>> 0 : request;
  if (arg === null) return submit(AsyncOp.IoctlPointer, [fd, req, 0], 'ioctl', { fd, request: req }, null, options);
  if (typeof arg === 'number' || typeof arg === 'bigint') return submit(AsyncOp.IoctlInt, [fd, req, arg], 'ioctl', { fd, request: req }, null, options);
  return submit(AsyncOp.IoctlPointer, [fd, req, addr(arg)], 'ioctl', { fd, request: req }, arg, options);
}

/**
 * poll(2) in a worker thread. Fills each entry's `revents` and resolves to
 * the number of entries with events (0 on timeout). A negative timeout waits
 * forever and keeps the process alive meanwhile.
 *
 * A signal that lands on the worker thread (SIGPROF of `--cpu-prof`, a
 * SIGCHLD, any signal with a handler) makes poll fail with EINTR, which the
 * kernel never restarts for poll. That is not a failure of the wait: the
 * call is made again with the time that is left, so callers see only events
 * or the timeout.
 */
export async function pollAsync(fds: PollFd[], timeout: number): Promise<number> {
  const encoded = encodePollFds(fds);
  const deadline = timeout > 0 ? performance.now() + timeout : undefined;
  let wait = timeout;
  for (;;) {
    try {
      const n = await submit(AsyncOp.Poll, [addr(encoded), fds.length, wait], 'poll', {}, encoded);
      decodePollRevents(encoded, fds);
      return n;
    } catch (e) {
      if (!(e instanceof SystemError) || e.code !== 'EINTR') throw e;
      if (deadline !== undefined) {
        wait = Math.ceil(deadline - performance.now());
        if (wait <= 0) {
          for (const entry of fds) entry.revents = 0;
          return 0;
        }
      }
    }
  }
}

/** poll(2) on one descriptor in a worker thread. Resolves to its `revents` (0 on timeout). */
export async function pollOneAsync(fd: number, events: number, timeout: number): Promise<number> {
  const set: PollFd[] = [{ fd, events }];
  const n = await pollAsync(set, timeout);
  return n === 0 ? 0 : (set[0]?.revents ?? 0);
}

/** getpid(2) through the async pool: measures the pool's round-trip cost. */
export function getpidAsync(): Promise<number> {
  return submit(AsyncOp.Getpid, [], 'getpid', {}, null);
}
