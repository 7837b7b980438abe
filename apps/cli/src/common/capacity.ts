/**
 * READ CAPACITY for the data commands: READ CAPACITY(10) first, (16) when
 * the device is too big for it, like sg_readcap and sg_dd do.
 */
import type { SgDevice } from '@sgio/core';
import { decodeReadCapacity10, decodeReadCapacity16, readCapacity10, readCapacity16 } from '@sgio/struct';
import type { CdbTracer } from './cdb-trace.js';

/** A device's size. */
export interface Capacity {
  /** Number of logical blocks. */
  readonly blocks: number;
  /** Logical block size in bytes. */
  readonly blockSize: number;
}

/** Reads the capacity of `device` (the result of each command goes to `trace`). */
export function readCapacity(device: SgDevice, options: { timeout: number; trace: CdbTracer }): Capacity {
  const r10 = device.executeSync(readCapacity10, {}, { timeout: options.timeout });
  options.trace(r10);
  const c10 = decodeReadCapacity10(r10.data!);
  if (!c10.needsReadCapacity16) return { blocks: c10.numberOfBlocks, blockSize: c10.blockLength };
  const r16 = device.executeSync(readCapacity16, { allocationLength: 32 }, { timeout: options.timeout });
  options.trace(r16);
  const c16 = decodeReadCapacity16(r16.data!);
  return { blocks: Number(c16.numberOfBlocks), blockSize: c16.blockLength };
}
