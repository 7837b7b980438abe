/**
 * An sg device as a dd endpoint: READ/WRITE(10 or 16) per transfer, with
 * indirect, direct or mmap-ed IO. With mmap-ed IO and a queue depth above
 * one it opens one fd ("lane") per slot, each with its own reserved buffer,
 * because the driver allows one mmap-ed request per fd (as sgp_dd does with
 * threads).
 */
import { SgDevice, type CommandResult, type ExecuteOptions, type TransferMode } from '@sgio/core';
import { read10, read16, synchronizeCache10, verify10, verify16, write10, write16 } from '@sgio/struct';
import type { CdbTracer } from '../cdb-trace.js';
import type { DdSink, DdSource, SgCounters, Transfer } from './endpoint.js';

/** What the endpoint does with the data it is given. */
export type SgRole = 'in' | 'out' | 'verify';

/** How the endpoint moves data, decided once the block size is known. */
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

const FITS_10 = 2 ** 32;

/** An sg device endpoint (source, sink or verify target). */
export class SgEndpoint implements DdSource, DdSink {
  readonly kind = 'sg' as const;
  readonly seekable = true;
  readonly blockSize: number;
  readonly sizeBytes: number;
  /** Number of logical blocks (READ CAPACITY). */
  readonly capacityBlocks: number;
  #lanes: SgDevice[];
  #plan: SgTransferPlan | undefined;
  #closed = false;

  private constructor(
    readonly path: string,
    readonly role: SgRole,
    device: SgDevice,
    capacity: { blocks: number; blockSize: number },
    private readonly options: { timeout: number; trace: CdbTracer; counters: SgCounters },
  ) {
    this.#lanes = [device];
    this.blockSize = capacity.blockSize;
    this.capacityBlocks = capacity.blocks;
    this.sizeBytes = capacity.blocks * capacity.blockSize;
  }

  /** Opens the device and reads its capacity. */
  static async open(path: string, role: SgRole, options: { timeout: number; trace: CdbTracer; counters: SgCounters }): Promise<SgEndpoint> {
    const device = await SgDevice.open(path);
    try {
      const capacity = device.readCapacitySync({ timeout: options.timeout });
      return new SgEndpoint(path, role, device, { blocks: Number(capacity.blocks), blockSize: capacity.blockSize }, options);
    } catch (e) {
      await device.close();
      throw e;
    }
  }

  /** Sets up buffers and lanes for the copy (reserved buffer size, mappings). */
  async configure(plan: SgTransferPlan): Promise<void> {
    this.#plan = plan;
    const bytes = plan.blockSize * plan.blocksPerTransfer;
    const lanes = plan.transfer === 'mmap' ? plan.queueDepth : 1;
    while (this.#lanes.length < lanes) this.#lanes.push(await SgDevice.open(this.path));
    for (const lane of this.#lanes) {
      const granted = lane.setReservedSize(bytes);
      if (plan.transfer === 'mmap') {
        if (granted < bytes) {
          throw new Error(`${this.path}: the sg driver granted a reserved buffer of ${granted} bytes, but mmap-ed IO needs bs x bpt = ${bytes}; lower bpt= (or raise the sg module's def_reserved_size / scatter_elem_sz).`);
        }
        lane.mapReservedBuffer();
      }
    }
  }

  /** The lanes' mapped reserved buffers when this end moves data with mmap-ed IO. */
  buffer(slot: number): Uint8Array | undefined {
    return this.#plan?.transfer === 'mmap' && this.role !== 'in' ? this.#lanes[slot]?.reservedMapping?.view : undefined;
  }

  async read(t: Transfer, into: Uint8Array): Promise<Uint8Array> {
    const plan = this.#planned();
    const bytes = t.blocks * plan.blockSize;
    // mmap: the data lands in the lane's mapping; direct: core allocates a
    // page-aligned buffer (the driver only maps aligned pages); indirect: the slot's buffer
    const options: ExecuteOptions =
      plan.transfer === 'mmap'
        ? { ...this.#base(plan), transfer: 'mmap' }
        : plan.transfer === 'direct'
          ? { ...this.#base(plan), transfer: 'direct', receive: bytes }
          : { ...this.#base(plan), transfer: 'indirect', receive: into.subarray(0, bytes) };
    const lane = this.#lane(t.slot);
    const fields = { lba: t.lba, transferLength: t.blocks };
    const sync = plan.queueDepth === 1;
    let result: CommandResult;
    if (this.#needs16(t)) result = sync ? lane.executeSync(read16, fields, options) : await lane.execute(read16, fields, options);
    else result = sync ? lane.executeSync(read10, fields, options) : await lane.execute(read10, fields, options);
    this.#account(result);
    return result.data ?? into.subarray(0, 0);
  }

  async write(t: Transfer, data: Uint8Array): Promise<void> {
    const plan = this.#planned();
    if (data.length !== t.blocks * plan.blockSize) {
      // a partial last block (a file whose size is not a multiple of bs) goes out zero-padded
      const padded = new Uint8Array(t.blocks * plan.blockSize);
      padded.set(data.subarray(0, padded.length));
      data = padded;
    }
    const options: ExecuteOptions = { ...this.#base(plan), transfer: plan.transfer, data };
    const lane = this.#lane(t.slot);
    const sync = plan.queueDepth === 1;
    const long = this.#needs16(t);
    let result: CommandResult;
    if (this.role === 'verify') {
      const fields = { lba: t.lba, verificationLength: t.blocks, bytchk: 1 };
      if (long) result = sync ? lane.executeSync(verify16, fields, options) : await lane.execute(verify16, fields, options);
      else result = sync ? lane.executeSync(verify10, fields, options) : await lane.execute(verify10, fields, options);
    } else {
      const fields = { lba: t.lba, transferLength: t.blocks };
      if (long) result = sync ? lane.executeSync(write16, fields, options) : await lane.execute(write16, fields, options);
      else result = sync ? lane.executeSync(write10, fields, options) : await lane.execute(write10, fields, options);
    }
    this.#account(result);
  }

  /** SYNCHRONIZE CACHE(10) of the whole device. */
  async flush(): Promise<void> {
    const result = await this.#lanes[0]!.execute(synchronizeCache10, {}, { timeout: this.options.timeout });
    this.options.trace(result);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const lane of this.#lanes) await lane.close();
  }

  #planned(): SgTransferPlan {
    if (!this.#plan) throw new Error(`${this.path}: configure() must come before IO`);
    return this.#plan;
  }

  #lane(slot: number): SgDevice {
    return this.#lanes[slot % this.#lanes.length]!;
  }

  #needs16(t: Transfer): boolean {
    const size = this.#plan?.cdbSize;
    if (size === 16) return true;
    return t.lba + t.blocks > FITS_10 || t.blocks > 0xffff;
  }

  #base(plan: SgTransferPlan): ExecuteOptions {
    return { blockSize: plan.blockSize, timeout: this.options.timeout, retry: false };
  }

  #account(result: CommandResult): void {
    const c = this.options.counters;
    c.commands++;
    c.residual += result.residual;
    if (this.#plan?.transfer === 'direct' && result.transfer !== 'direct') c.dioIncomplete++;
    this.options.trace(result);
  }
}
