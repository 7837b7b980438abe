/**
 * The errnos with which the kernel says the device behind an open fd (or a
 * node being opened) is gone: ENODEV from the sg and bsg drivers once the
 * device was deleted, ENXIO from a node whose device is no longer there.
 */
import { SystemError } from '@sgio/libc';

/** Whether `e` is a system error saying the device is gone (ENODEV or ENXIO). */
export function isGoneErrno(e: unknown): boolean {
  return e instanceof SystemError && (e.code === 'ENODEV' || e.code === 'ENXIO');
}
