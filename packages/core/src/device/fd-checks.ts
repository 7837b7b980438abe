/**
 * What a file descriptor handed to `SgDevice.fromFd` is, before sgio uses it
 * as an sg device, so a wrong one (closed, a regular file, `/dev/null`, a
 * pipe) gives a {@link DeviceOpenError} that says what it is instead.
 */
import { fstatSync, readlinkSync, type Stats } from 'node:fs';
import { F_GETFL, O_ACCMODE, O_RDWR, fcntl } from '@sgio/libc';
import { DeviceOpenError } from '../errors/sgio-error.js';
import { SG_MAJOR, deviceNumbers } from './open-checks.js';

/** What {@link checkSgFd} found out about an fd. */
export interface SgFdFacts {
  /** The fd's `/proc/self/fd/N` link target (e.g. `/dev/sg0`), or `fd N` when it cannot be read. */
  readonly path: string;
  /** True unless the fd was opened O_RDWR (the sg driver treats every other access mode as read-only). */
  readonly readOnly: boolean;
}

const WHAT_TO_PASS = 'Pass the number of an open /dev/sgN descriptor (SgDevice#fd, or one a parent process passed down).';

/** The fd's `/proc/self/fd/N` link target, or `fd N` when it cannot be read. */
export function fdPath(fd: number): string {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return `fd ${fd}`;
  }
}

/** `fd N` with its link target in parentheses when it is known: how messages name the fd. */
function fdName(fd: number, path: string): string {
  return path === `fd ${fd}` ? path : `fd ${fd} (${path})`;
}

/**
 * Checks that `fd` is an open descriptor of an sg character device (major
 * 21) and returns its path and access mode; throws a {@link DeviceOpenError}
 * otherwise: `bad-fd` (EBADF) for a value that is not a non-negative
 * integer or not an open descriptor, `regular-file`, `directory`,
 * `block-device`, `char-device` or `not-sg` (ENOTSG) for other files.
 * Whether the node answers the sg ioctls is checked by the caller.
 */
export function checkSgFd(fd: unknown): SgFdFacts {
  if (typeof fd !== 'number' || !Number.isSafeInteger(fd) || fd < 0) {
    const shown = typeof fd === 'number' ? String(fd) : `${typeof fd} ${JSON.stringify(fd) ?? String(fd)}`;
    throw new DeviceOpenError('bad-fd', `fd ${shown}`, `SgDevice.fromFd(): a file descriptor is a non-negative integer, got ${shown}. ${WHAT_TO_PASS}`);
  }
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch (e) {
    throw new DeviceOpenError(
      'bad-fd',
      `fd ${fd}`,
      `fd ${fd} is not an open file descriptor of this process (${(e as NodeJS.ErrnoException).code ?? 'fstat failed'}): it was closed, or never passed to this process (a child gets it through spawn's stdio array; it is then fd 3 and up). ${WHAT_TO_PASS}`,
      { cause: e },
    );
  }
  const path = fdPath(fd);
  const name = fdName(fd, path);
  if (st.isFile()) throw new DeviceOpenError('regular-file', path, `${name} is a regular file, not an sg device. ${WHAT_TO_PASS}`);
  if (st.isDirectory()) throw new DeviceOpenError('directory', path, `${name} is a directory, not an sg device. ${WHAT_TO_PASS}`);
  if (st.isBlockDevice()) {
    throw new DeviceOpenError('block-device', path, `${name} is a block device, not an sg device. Open its sg node (listDevices() names it) and pass that descriptor.`);
  }
  if (!st.isCharacterDevice()) throw new DeviceOpenError('not-sg', path, `${name} is not a device node (a pipe, socket or the like). ${WHAT_TO_PASS}`);
  const major = Math.floor(st.rdev / 256) & 0xfff;
  if (major !== SG_MAJOR) {
    throw new DeviceOpenError(
      'char-device',
      path,
      `${name} is a character device (${deviceNumbers(st)}) of another driver, not an sg device (major ${SG_MAJOR})${path.includes('/bsg/') ? '; for a bsg node use BsgDevice' : ''}. ${WHAT_TO_PASS}`,
    );
  }
  const readOnly = (fcntl(fd, F_GETFL) & O_ACCMODE) !== O_RDWR;
  return { path, readOnly };
}
