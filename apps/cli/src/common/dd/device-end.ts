/**
 * What dd's two SCSI device ends (an sg node, a bsg node) share: their
 * options and transfer plan, the capacity read after opening, the CDB size
 * of a transfer, the zone plan of an output and the flush.
 */
import { runFlowSync, zonedWritePlanFlow, type CommandListener, type ScsiDevice, type TransferMode, type ZonedWritePlan } from '@sgio/core';
import { synchronizeCache10 } from '@sgio/struct';
import type { SgCounters, Transfer } from './endpoint.js';

/** What a SCSI device end does with the data it is given. */
export type SgRole = 'in' | 'out' | 'verify';

/** How the device ends of a copy are opened. */
export interface SgEndpointOptions {
  /** Command timeout in ms. */
  readonly timeout: number;
  /** The -v tracer, given to every fd (lanes included) as its `onCommand` hook. */
  readonly onCommand: CommandListener | undefined;
  /** Counters the ends update. */
  readonly counters: SgCounters;
  /** Keep queueing at qd > 1 even when the device answers inside each submit (no switch to SG_IO; see inline-probe.ts). */
  readonly alwaysQueue?: boolean;
}

/** How a device end moves data, decided once the block size is known. */
export interface SgTransferPlan {
  /** Transfer mode of every READ/WRITE/VERIFY. */
  readonly transfer: TransferMode;
  /** Transfers in flight at once (1: synchronous SG_IO, like sg_dd). */
  readonly queueDepth: number;
  /** Logical block size. */
  readonly blockSize: number;
  /** Blocks per transfer. */
  readonly blocksPerTransfer: number;
  /** CDB size asked for (undefined: 10, or 16 when needed). */
  readonly cdbSize: 10 | 16 | undefined;
}

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

/** What both SCSI device ends are to the copy loop (a seekable end of the device's block size and capacity) and to dd's setup. */
export abstract class DeviceEnd<D extends ScsiDevice> {
  readonly kind = 'sg' as const;
  readonly seekable = true;
  readonly blockSize: number;
  readonly sizeBytes: number;
  /** Number of logical blocks (READ CAPACITY). */
  readonly capacityBlocks: number;

  protected constructor(
    readonly path: string,
    readonly role: SgRole,
    protected readonly device: D,
    capacity: DeviceCapacity,
    protected readonly options: SgEndpointOptions,
  ) {
    this.blockSize = capacity.blockSize;
    this.capacityBlocks = capacity.blocks;
    this.sizeBytes = capacity.blocks * capacity.blockSize;
  }

  /** True when this end began queueing at qd > 1 and went on with SG_IO (see inline-probe.ts). */
  abstract readonly switchedToSgIo: boolean;

  /** Sets the end up for the copy; refuses a transfer mode it does not have. */
  abstract configure(plan: SgTransferPlan): Promise<void>;

  /** What this end reports as its mode in `--time` and `--json`, given the transfer mode dd chose. */
  abstract modeLabel(transfer: TransferMode): string;

  /**
   * For an output on a host-managed zoned device: checks that `blocks` blocks
   * (undefined: open-ended) can be written from `lba` and gives the zone
   * boundaries; undefined for any other device (core's zonedWritePlanFlow).
   */
  zonedWritePlan(lba: number, blocks: number | undefined): ZonedWritePlan | undefined {
    return runFlowSync(this.device, zonedWritePlanFlow(lba, blocks, { timeout: this.options.timeout }));
  }

  /** SYNCHRONIZE CACHE(10) of the whole device. */
  async flush(): Promise<void> {
    await this.device.execute(synchronizeCache10, {}, { timeout: this.options.timeout });
  }
}
