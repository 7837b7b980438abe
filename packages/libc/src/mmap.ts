/**
 * The memory calls as thin typed bindings over raw addresses (bigint), for
 * callers that manage memory themselves. Prefer {@link Mapping} (from
 * `mmap()`), which checks arguments and cannot crash the process after close.
 *
 * These functions do no checking beyond what the kernel does: unmapping
 * memory that JavaScript still references will crash the process.
 */
import { libc, lastErrno } from './bindings.js';
import { SystemError } from './errors.js';
import { pageSize } from './system.js';

/** mmap(2). Returns the address of the new mapping. */
export function mmap(address: bigint, length: number, prot: number, flags: number, fd: number, offset: number | bigint): bigint {
  const r = libc('mmap').mmap(address, length, prot, flags, fd, offset);
  if (r === -1) throw new SystemError(lastErrno(), 'mmap', fd >= 0 ? { fd } : {});
  return BigInt(r);
}

/** munmap(2). */
export function munmap(address: bigint, length: number): void {
  if (libc('munmap').munmap(address, length) < 0) throw new SystemError(lastErrno(), 'munmap', { address });
}

/** msync(2) with `MS_*` flags. */
export function msync(address: bigint, length: number, flags: number): void {
  if (libc('msync').msync(address, length, flags) < 0) throw new SystemError(lastErrno(), 'msync', { address });
}

/** madvise(2) with a `MADV_*` advice. */
export function madvise(address: bigint, length: number, advice: number): void {
  if (libc('madvise').madvise(address, length, advice) < 0) throw new SystemError(lastErrno(), 'madvise', { address });
}

/** mprotect(2) with `PROT_*` bits. */
export function mprotect(address: bigint, length: number, prot: number): void {
  if (libc('mprotect').mprotect(address, length, prot) < 0) throw new SystemError(lastErrno(), 'mprotect', { address });
}

/** mlock(2). */
export function mlock(address: bigint, length: number): void {
  if (libc('mlock').mlock(address, length) < 0) throw new SystemError(lastErrno(), 'mlock', { address });
}

/** munlock(2). */
export function munlock(address: bigint, length: number): void {
  if (libc('munlock').munlock(address, length) < 0) throw new SystemError(lastErrno(), 'munlock', { address });
}

/**
 * mincore(2). Returns one byte per page of the range; bit 0 set means the
 * page is resident in memory.
 */
export function mincore(address: bigint, length: number): Uint8Array {
  const page = pageSize();
  const vec = new Uint8Array(Math.max(1, Math.ceil(length / page)));
  if (libc('mincore').mincore(address, length, vec) < 0) throw new SystemError(lastErrno(), 'mincore', { address });
  return vec;
}

/** mremap(2) with `MREMAP_*` flags. Returns the (possibly new) address. */
export function mremap(address: bigint, oldLength: number, newLength: number, flags: number, newAddress = 0n): bigint {
  const r = libc('mremap').mremap(address, oldLength, newLength, flags, newAddress);
  if (r === -1) throw new SystemError(lastErrno(), 'mremap', { address });
  return BigInt(r);
}
