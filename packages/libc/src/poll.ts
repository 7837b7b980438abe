/** poll(2): wait for readiness of file descriptors. */
import { libc, lastErrno } from './bindings.js';
import { SystemError } from './errors.js';

/** One entry of a poll set. `revents` is filled by {@link poll}. */
export interface PollFd {
  /** The file descriptor (negative entries are ignored by the kernel). */
  fd: number;
  /** `POLL*` events to wait for. */
  events: number;
  /** `POLL*` events that occurred, set by the call. */
  revents?: number;
}

/** sizeof(struct pollfd): int fd; short events; short revents. */
export const POLLFD_SIZE = 8;

let cells = new ArrayBuffer(POLLFD_SIZE * 4);
let ints = new Int32Array(cells);
let shorts = new Int16Array(cells);

function ensureCapacity(n: number): void {
  if (cells.byteLength >= n * POLLFD_SIZE) return;
  cells = new ArrayBuffer(n * POLLFD_SIZE * 2);
  ints = new Int32Array(cells);
  shorts = new Int16Array(cells);
}

/**
 * Encodes poll entries as an array of `struct pollfd` (8 bytes each).
 * Useful to hand a poll set to {@link pollAsync}.
 */
export function encodePollFds(fds: readonly PollFd[], into?: Uint8Array): Uint8Array {
  const out = into ?? new Uint8Array(fds.length * POLLFD_SIZE);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  fds.forEach((p, i) => {
    view.setInt32(i * 8, p.fd, true);
    view.setInt16(i * 8 + 4, p.events, true);
    view.setInt16(i * 8 + 6, 0, true);
  });
  return out;
}

/** Copies the `revents` of an encoded poll set back into `fds`. */
export function decodePollRevents(encoded: Uint8Array, fds: PollFd[]): void {
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  fds.forEach((p, i) => {
    p.revents = view.getUint16(i * 8 + 6, true);
  });
}

/**
 * poll(2) on several descriptors. Fills each entry's `revents` and returns
 * how many entries have events (0 on timeout).
 * @param timeout - milliseconds; negative waits forever, 0 returns at once
 */
export function poll(fds: PollFd[], timeout: number): number {
  ensureCapacity(fds.length);
  for (let i = 0; i < fds.length; i++) {
    const p = fds[i] as PollFd;
    ints[i * 2] = p.fd;
    shorts[i * 4 + 2] = p.events;
    shorts[i * 4 + 3] = 0;
  }
  const r = libc('poll').poll(cells, fds.length, timeout);
  if (r < 0) throw new SystemError(lastErrno(), 'poll');
  for (let i = 0; i < fds.length; i++) (fds[i] as PollFd).revents = (shorts[i * 4 + 3] as number) & 0xffff;
  return r;
}

/**
 * poll(2) on one descriptor, without allocating. Returns the `revents`
 * (0 on timeout), e.g. `POLLIN` when an sg completion is ready, `POLLHUP`
 * when the device is gone.
 */
export function pollOne(fd: number, events: number, timeout: number): number {
  ints[0] = fd;
  shorts[2] = events;
  shorts[3] = 0;
  const r = libc('poll').poll(cells, 1, timeout);
  if (r < 0) throw new SystemError(lastErrno(), 'poll', { fd });
  return r === 0 ? 0 : (shorts[3]) & 0xffff;
}
