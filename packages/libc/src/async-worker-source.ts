/**
 * The source of the worker thread that runs blocking calls for the async
 * variants. It is evaluated as a CommonJS script (`new Worker(src, { eval:
 * true })`) so the package ships no extra entry point and works the same from
 * `src/` under vitest and from `dist/`.
 *
 * Protocol: the main thread posts `[id, op, ...args]`; the worker makes the
 * call with koffi, reads errno immediately when the call failed, and posts
 * back `[id, result, errno]` (or `[id, NaN, 0, message]` when koffi itself
 * threw). Once koffi is loaded it posts `[0]`: ready for calls. Pointers
 * travel as integer addresses: the memory belongs to the main thread, which
 * keeps it reachable until the promise settles.
 */
export const ASYNC_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const koffi = require(workerData.koffi);
const lib = koffi.load('libc.so.6');
const read = lib.func('intptr_t read(int fd, uintptr_t buf, size_t count)');
const write = lib.func('intptr_t write(int fd, uintptr_t buf, size_t count)');
const pread = lib.func('intptr_t pread64(int fd, uintptr_t buf, size_t count, int64_t offset)');
const pwrite = lib.func('intptr_t pwrite64(int fd, uintptr_t buf, size_t count, int64_t offset)');
const ioctlPtr = lib.func('int ioctl(int fd, unsigned long request, uintptr_t arg)');
const ioctlInt = lib.func('int ioctl(int fd, unsigned long request, long arg)');
const poll = lib.func('int poll(uintptr_t fds, unsigned long nfds, int timeout)');
const getpid = lib.func('int getpid()');
parentPort.on('message', (m) => {
  const id = m[0];
  let r;
  try {
    switch (m[1]) {
      case 0: r = read(m[2], m[3], m[4]); break;
      case 1: r = write(m[2], m[3], m[4]); break;
      case 2: r = pread(m[2], m[3], m[4], m[5]); break;
      case 3: r = pwrite(m[2], m[3], m[4], m[5]); break;
      case 4: r = ioctlPtr(m[2], m[3], m[4]); break;
      case 5: r = ioctlInt(m[2], m[3], m[4]); break;
      case 6: r = poll(m[2], m[3], m[4]); break;
      case 7: r = getpid(); break;
      default: throw new Error('unknown operation ' + m[1]);
    }
  } catch (e) {
    parentPort.postMessage([id, NaN, 0, String(e && e.message || e)]);
    return;
  }
  parentPort.postMessage([id, r, r < 0 ? koffi.errno() : 0]);
});
// ready: the pool gives this worker calls from now on (call ids start at 1)
parentPort.postMessage([0]);
`;

/** Operation numbers of the worker protocol. */
export const AsyncOp = {
  Read: 0,
  Write: 1,
  Pread: 2,
  Pwrite: 3,
  IoctlPointer: 4,
  IoctlInt: 5,
  Poll: 6,
  Getpid: 7,
} as const;
