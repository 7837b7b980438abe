/**
 * What dd's two SCSI device ends (an sg node, a bsg node) share: the
 * capacity read after opening, the CDB size of a transfer, the zone plan of
 * an output.
 */
import { runFlowSync, zonedWritePlanFlow, type ScsiDevice, type ZonedWritePlan } from '@sgio/core';
import type { Transfer } from './endpoint.js';

/** What a SCSI device end does with the data it is given. */
export type SgRole = 'in' | 'out' | 'verify';

/** A device's size, from READ CAPACITY. */
export interface DeviceCapacity {
  /** Number of logical blocks. */
  readonly blocks: number;
  /** Logical block size in bytes. */
  readonly blockSize: number;
}

/** Reads the capacity of a device just opened; closes the device when that fails. */
export async function capacityOrClose(device: ScsiDevice, timeout: number): Promise<DeviceCapacity> {
  try {
    const capacity = device.readCapacitySync({ timeout });
    return { blocks: Number(capacity.blocks), blockSize: capacity.blockSize };
  } catch (e) {
    await device.close();
    throw e;
  }
}

const FITS_10 = 2 ** 32;

/** True when `t` needs a 16-byte CDB: asked for (cdbsz=16), or its LBA range or block count does not fit the 10-byte one. */
export function needsCdb16(t: Transfer, cdbSize: 10 | 16 | undefined): boolean {
  if (cdbSize === 16) return true;
  return t.lba + t.blocks > FITS_10 || t.blocks > 0xffff;
}

/**
 * For an output on a host-managed zoned device: checks that `blocks` blocks
 * (undefined: open-ended) can be written from `lba` and gives the zone
 * boundaries; undefined for any other device (core's zonedWritePlanFlow).
 */
export function zonedPlanOf(device: ScsiDevice, lba: number, blocks: number | undefined, timeout: number): ZonedWritePlan | undefined {
  return runFlowSync(device, zonedWritePlanFlow(lba, blocks, { timeout }));
}

/** What both SCSI device ends are to the copy loop: a seekable end of the device's block size and capacity. */
export abstract class DeviceEnd {
  readonly kind = 'sg' as const;
  readonly seekable = true;
  readonly blockSize: number;
  readonly sizeBytes: number;
  /** Number of logical blocks (READ CAPACITY). */
  readonly capacityBlocks: number;

  protected constructor(
    readonly path: string,
    readonly role: SgRole,
    capacity: DeviceCapacity,
  ) {
    this.blockSize = capacity.blockSize;
    this.capacityBlocks = capacity.blocks;
    this.sizeBytes = capacity.blocks * capacity.blockSize;
  }
}
