/**
 * Telling a device being removed from one that merely failed a command: once
 * the sg driver is detaching a device, SG_EMULATED_HOST answers ENODEV.
 */
import { tryIoctlPointer } from '@sgio/libc';
import { SG_EMULATED_HOST } from '@sgio/struct';

const ENXIO = 6;
const ENODEV = 19;

/** True when the driver says the device behind `fd` is being removed; `cell` is a reused 4-byte buffer. */
export function sgDetaching(fd: number, cell: Uint8Array): boolean {
  const r = tryIoctlPointer(fd, SG_EMULATED_HOST, cell);
  return r === -ENODEV || r === -ENXIO;
}
