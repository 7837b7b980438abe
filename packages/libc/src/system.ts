/** Process-wide facts: the page size, the process id. */
import { libc, lastErrno } from './bindings.js';
import { _SC_PAGESIZE } from './constants/index.js';
import { SystemError } from './errors.js';

let cachedPageSize = 0;

/** sysconf(3) for any `_SC_*` name. */
export function sysconf(name: number): number {
  const c = libc('sysconf');
  c.koffi.errno(0); // -1 without errno means "no limit"
  const r = c.sysconf(name);
  if (r < 0) {
    const errno = lastErrno();
    if (errno !== 0) throw new SystemError(errno, 'sysconf');
  }
  return r;
}

/** The memory page size in bytes (`sysconf(_SC_PAGESIZE)`), cached. */
export function pageSize(): number {
  if (cachedPageSize === 0) cachedPageSize = sysconf(_SC_PAGESIZE);
  return cachedPageSize;
}

/** getpid(2): the trivial call the benchmark uses to measure call overhead. */
export function getpid(): number {
  return libc('getpid').getpid();
}
