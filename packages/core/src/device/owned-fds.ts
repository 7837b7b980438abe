/**
 * The file descriptors that open `SgDevice`s of this JavaScript thread own,
 * and will close. Closing one fd twice is a bug that hides well: the second
 * close() closes whatever file the kernel has given that number to since.
 * `SgDevice.fromFd(fd)` (which would close `fd`) refuses an fd listed here.
 *
 * The set lives in this module instance, so it covers one thread: a worker
 * thread shares the process's fd table but not this set, which is why a
 * worker adopts with `close: false` (a duplicate of its own).
 */

const owned = new Set<number>();

/** Records that an open device owns `fd` and will close it. */
export function claimFd(fd: number): void {
  owned.add(fd);
}

/** Forgets `fd`: its device closes it now. */
export function releaseFd(fd: number): void {
  owned.delete(fd);
}

/** True when an open device of this thread owns `fd`. */
export function isFdOwned(fd: number): boolean {
  return owned.has(fd);
}
