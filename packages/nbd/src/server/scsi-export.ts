/**
 * `ScsiExport`: one sg device as an NBD export. It learns what the device is
 * (capacity, block limits, provisioning, rotation, identity) once, then
 * serves byte-addressed NBD operations as SCSI commands on shared
 * {@link SgLanes} (mmap-ed IO through each lane's reserved buffer): READ(16),
 * WRITE(16) with FUA, SYNCHRONIZE CACHE, UNMAP, WRITE SAME(16) and GET LBA
 * STATUS. Failures become {@link NbdRequestError}s with the errno the client
 * gets.
 */
import { SgDevice, SgLanes, runFlowAsync, lbaStatusFlow, modeSenseFlow, vpdFlow, CheckConditionError, MAX_UNMAP_DESCRIPTORS, type BlockRange, type Capacity } from '@sgio/core';
import { decodeBlockDeviceCharacteristics, decodeBlockLimits, decodeLogicalBlockProvisioning, decodeUnitSerialNumber, SenseKey, write16, type BlockLimitsVpdPage } from '@sgio/struct';
import { NbdErrno, TransmissionFlag } from '../protocol/constants.js';
import type { BlockSizes } from '../protocol/handshake.js';
import type { Extent } from '../protocol/transmission.js';
import { extentsFromLbaStatus } from './allocation-extents.js';
import { blockSizesFor } from './block-sizes.js';
import { NbdRequestError, requestErrorFor, type RequestKind } from './request-error.js';

/** Options of {@link ScsiExport.open}. */
export interface ScsiExportOptions {
  /** Accept writes, TRIM and WRITE_ZEROES (default false: they fail with EPERM and the export says READ_ONLY). */
  readonly writable?: boolean;
  /** Export name clients ask for (default: the device path's last component, e.g. `sg1`); '' (the default export) is always accepted too. */
  readonly name?: string;
  /** Description (default: vendor, product and serial number from INQUIRY). */
  readonly description?: string;
  /** sg fds ("lanes"), each running one mmap-ed command at a time (default 8). */
  readonly lanes?: number;
  /** Reserved buffer of every lane in bytes: the largest single SCSI transfer; larger requests are split (default 1 MiB). */
  readonly reservedSize?: number;
  /** Command timeout in ms (default: core's 60 s). */
  readonly timeout?: number;
  /** Where to report what the operator should know (medium errors with their LBA, fallbacks). Default: nothing. */
  readonly log?: (line: string) => void;
}

/** What the device told about itself, as the export uses it. */
export interface ExportFacts {
  /** Export size in bytes. */
  readonly size: bigint;
  /** Logical block size. */
  readonly blockSize: number;
  /** NBD block size constraints. */
  readonly blockSizes: BlockSizes;
  /** Logical block provisioning enabled (LBPME): GET LBA STATUS answers base:allocation. */
  readonly thin: boolean;
  /** UNMAP supported (LBPME and the Logical Block Provisioning page's LBPU): TRIM is offered. */
  readonly canUnmap: boolean;
  /** WRITE SAME(16) with UNMAP supported (LBPWS): WRITE_ZEROES may deallocate. */
  readonly canWriteSameUnmap: boolean;
  /** Deallocated blocks read as zeros (LBPRZ). */
  readonly readsZeros: boolean;
  /** The medium rotates (Block Device Characteristics rotation rate above 1). */
  readonly rotational: boolean;
  /** The device takes FUA on WRITE (DPOFUA of the mode parameter header). */
  readonly fua: boolean;
  /** Most blocks of one UNMAP (0: not reported). */
  readonly maxUnmapBlocks: number;
  /** Most descriptors of one UNMAP (0: not reported). */
  readonly maxUnmapDescriptors: number;
  /** Most blocks of one WRITE SAME (0: not reported). */
  readonly maxWriteSameBlocks: number;
  /** `VENDOR PRODUCT serial`. */
  readonly identity: string;
}

/** WRITE SAME length used when the device reports no maximum. */
const DEFAULT_WRITE_SAME_BLOCKS = 65535;
/** UNMAP blocks per descriptor when the device reports no maximum (the descriptor's field is 32 bits). */
const DEFAULT_UNMAP_BLOCKS = 0xffffffff;

/** An sg device served as an NBD export. */
export class ScsiExport {
  /** The device path. */
  readonly path: string;
  /** The export name. */
  readonly name: string;
  /** The export description. */
  readonly description: string;
  /** Whether writes are accepted. */
  readonly writable: boolean;
  /** What the device reported. */
  readonly facts: ExportFacts;
  readonly #lanes: SgLanes;
  readonly #log: (line: string) => void;
  readonly #timeout: number | undefined;
  #writeSameWorks = true;
  #lbaStatusWorks = true;
  #closing: Promise<void> | undefined;

  private constructor(path: string, lanes: SgLanes, facts: ExportFacts, options: ScsiExportOptions) {
    this.path = path;
    this.#lanes = lanes;
    this.facts = facts;
    this.writable = options.writable ?? false;
    this.name = options.name ?? path.split('/').pop() ?? path;
    this.description = options.description ?? facts.identity;
    this.#log = options.log ?? (() => undefined);
    this.#timeout = options.timeout;
  }

  /**
   * Opens `path` (read-write: the sg driver's asynchronous queue needs it;
   * a read-only export never sends a writing command), learns the device
   * and maps the lanes.
   *
   * @example
   * ```ts
   * const exp = await ScsiExport.open('/dev/sg1', { writable: true });
   * console.log(exp.facts.size, exp.transmissionFlags.toString(16));
   * ```
   */
  static async open(path: string, options: ScsiExportOptions = {}): Promise<ScsiExport> {
    // lane 0 of the SgLanes below, which run every command on their own sg fds
    const first = await SgDevice.open(path, { via: 'sg' });
    let lanes: SgLanes | undefined;
    try {
      const facts = await learn(first, options.timeout);
      lanes = await SgLanes.open(path, { first, lanes: options.lanes ?? 8, reservedSize: options.reservedSize ?? 1024 * 1024 });
      if (lanes.reservedSize % facts.blockSize !== 0) throw new RangeError(`the lanes' reserved size ${lanes.reservedSize} is not a multiple of the block size ${facts.blockSize}`);
      return new ScsiExport(path, lanes, facts, options);
    } catch (e) {
      if (lanes) await lanes.close();
      else await first.close();
      throw e;
    }
  }

  /** The transmission flags of this export. */
  get transmissionFlags(): number {
    const f = this.facts;
    let flags = TransmissionFlag.HAS_FLAGS | TransmissionFlag.SEND_FLUSH | TransmissionFlag.SEND_FUA | TransmissionFlag.CAN_MULTI_CONN;
    if (!this.writable) flags |= TransmissionFlag.READ_ONLY;
    else {
      flags |= TransmissionFlag.SEND_WRITE_ZEROES;
      if (f.canUnmap) flags |= TransmissionFlag.SEND_TRIM;
    }
    if (f.rotational) flags |= TransmissionFlag.ROTATIONAL;
    return flags;
  }

  /** Lane counters (for metrics). */
  stats(): ReturnType<SgLanes['stats']> {
    return this.#lanes.stats();
  }

  #exec(): { timeout?: number } {
    return this.#timeout === undefined ? {} : { timeout: this.#timeout };
  }

  /** Blocks of a byte range, checked against the export's end. */
  #range(offset: bigint, length: number, kind: RequestKind, aligned: boolean): { lba: bigint; blocks: number; head: number } {
    const bs = BigInt(this.facts.blockSize);
    const end = offset + BigInt(length);
    if (end > this.facts.size) {
      throw new NbdRequestError(kind === 'write' ? NbdErrno.ENOSPC : NbdErrno.EINVAL, `${length} bytes at offset ${offset} end past the export's ${this.facts.size} bytes`);
    }
    if (aligned && (offset % bs !== 0n || BigInt(length) % bs !== 0n)) {
      throw new NbdRequestError(NbdErrno.EINVAL, `offset ${offset} and length ${length} must be multiples of the block size ${bs} (NBD_INFO_BLOCK_SIZE minimum)`);
    }
    const lba = offset / bs;
    const last = (end + bs - 1n) / bs;
    return { lba, blocks: Number(last - lba), head: Number(offset - lba * bs) };
  }

  #fail(e: unknown, kind: RequestKind, what: string): never {
    const err = requestErrorFor(e, kind, this.facts.blockSize);
    if (err.errno === NbdErrno.EIO) this.#log(`${this.path}: ${what} failed: ${err.message}${err.offset === undefined ? '' : ` (byte offset ${err.offset})`}`);
    throw err;
  }

  /** The blocks per SCSI transfer: one lane's reserved buffer. */
  get #chunkBlocks(): number {
    return this.#lanes.reservedSize / this.facts.blockSize;
  }

  /**
   * Reads `into.length` bytes at `offset` into `into`. Unaligned ranges are
   * read whole blocks around them; ranges above one lane's buffer are split
   * and read on several lanes at once. When `signal` aborts (the client went
   * away), parts still waiting for a lane are not sent; the ones at the device
   * end there and their data is dropped.
   */
  async read(offset: bigint, into: Uint8Array, signal?: AbortSignal): Promise<void> {
    const { lba, blocks, head } = this.#range(offset, into.length, 'read', false);
    const bs = this.facts.blockSize;
    const direct = head === 0 && into.length === blocks * bs;
    const target = direct ? into : new Uint8Array(blocks * bs);
    const per = this.#chunkBlocks;
    const parts: Promise<unknown>[] = [];
    for (let done = 0; done < blocks; done += per) {
      const n = Math.min(per, blocks - done);
      parts.push(this.#lanes.read(lba + BigInt(done), n, { blockSize: bs, into: target.subarray(done * bs, (done + n) * bs), signal, ...this.#exec() }));
    }
    try {
      await Promise.all(parts);
    } catch (e) {
      await Promise.allSettled(parts);
      if (signal?.aborted) {
        this.#log(`${this.path}: READ of ${into.length} bytes at ${offset} abandoned: its client went away`);
        throw requestErrorFor(e, 'read', this.facts.blockSize);
      }
      this.#fail(e, 'read', `READ of ${into.length} bytes at ${offset}`);
    }
    if (!direct) into.set(target.subarray(head, head + into.length));
  }

  #requireWritable(what: string): void {
    if (!this.writable) throw new NbdRequestError(NbdErrno.EPERM, `${what}: the export is read-only (start it writable to allow writes)`);
  }

  /** Writes `data` (whole blocks) at `offset`; with `fua` it is on the medium before this resolves. */
  async write(offset: bigint, data: Uint8Array, fua: boolean): Promise<void> {
    this.#requireWritable('WRITE');
    const { lba, blocks } = this.#range(offset, data.length, 'write', true);
    const bs = this.facts.blockSize;
    const per = this.#chunkBlocks;
    const useFuaBit = fua && this.facts.fua;
    const parts: Promise<unknown>[] = [];
    for (let done = 0; done < blocks; done += per) {
      const n = Math.min(per, blocks - done);
      parts.push(this.#lanes.execute(write16, { lba: lba + BigInt(done), transferLength: n, fua: useFuaBit }, { data: data.subarray(done * bs, (done + n) * bs), blockSize: bs, ...this.#exec() }));
    }
    try {
      await Promise.all(parts);
      if (fua && !useFuaBit) await this.#syncRange(lba, blocks);
    } catch (e) {
      await Promise.allSettled(parts);
      this.#fail(e, 'write', `WRITE of ${data.length} bytes at ${offset}`);
    }
  }

  /** SYNCHRONIZE CACHE of a range (of everything when the count does not fit the command's 32 bits). */
  #syncRange(lba: bigint, blocks: number): Promise<void> {
    const range = blocks > 0 && blocks <= 0xffffffff ? { lba, count: blocks } : {};
    return this.#lanes.withLane((dev) => dev.synchronizeCache({ ...range, ...this.#exec() }));
  }

  /** SYNCHRONIZE CACHE of the whole device. */
  async flush(): Promise<void> {
    try {
      await this.#lanes.withLane((dev) => dev.synchronizeCache(this.#exec()));
    } catch (e) {
      this.#fail(e, 'write', 'SYNCHRONIZE CACHE');
    }
  }

  /** UNMAP of a byte range (whole blocks; a partial block at either end is left as it is, as TRIM allows). */
  async trim(offset: bigint, length: number, fua: boolean): Promise<void> {
    this.#requireWritable('TRIM');
    if (!this.facts.canUnmap) throw new NbdRequestError(NbdErrno.EINVAL, 'TRIM: the device does not report UNMAP support (logical block provisioning)');
    this.#range(offset, length, 'write', false);
    const bs = BigInt(this.facts.blockSize);
    const first = (offset + bs - 1n) / bs;
    const end = (offset + BigInt(length)) / bs;
    if (end <= first) return;
    const perDescriptor = this.facts.maxUnmapBlocks > 0 ? Math.min(this.facts.maxUnmapBlocks, DEFAULT_UNMAP_BLOCKS) : DEFAULT_UNMAP_BLOCKS;
    const perCommand = Math.min(this.facts.maxUnmapDescriptors > 0 ? this.facts.maxUnmapDescriptors : 64, MAX_UNMAP_DESCRIPTORS);
    const ranges: BlockRange[] = [];
    for (let lba = first; lba < end; ) {
      const n = Number(end - lba < BigInt(perDescriptor) ? end - lba : BigInt(perDescriptor));
      ranges.push({ lba, count: n });
      lba += BigInt(n);
    }
    try {
      // the device's UNMAP LBA count limits one command's total, not only one descriptor's
      for (let i = 0; i < ranges.length; i += this.facts.maxUnmapBlocks > 0 ? 1 : perCommand) {
        const batch = ranges.slice(i, i + (this.facts.maxUnmapBlocks > 0 ? 1 : perCommand));
        await this.#lanes.withLane((dev) => dev.unmap(batch, this.#exec()));
      }
      if (fua) await this.#syncRange(first, Number(end - first));
    } catch (e) {
      this.#fail(e, 'write', `UNMAP of ${length} bytes at ${offset}`);
    }
  }

  /**
   * Zeros a byte range with WRITE SAME(16). Without `noHole`, on a device
   * with WRITE SAME UNMAP and LBPRZ, the blocks may be deallocated (they
   * read as zeros); with `noHole` they stay allocated. A device without
   * WRITE SAME gets WRITE(16)s of zeros.
   */
  async writeZeroes(offset: bigint, length: number, options: { readonly noHole: boolean; readonly fua: boolean }): Promise<void> {
    this.#requireWritable('WRITE_ZEROES');
    const { lba, blocks } = this.#range(offset, length, 'write', true);
    const bs = this.facts.blockSize;
    const unmap = !options.noHole && this.facts.canWriteSameUnmap && this.facts.readsZeros;
    try {
      if (this.#writeSameWorks) {
        try {
          const per = this.facts.maxWriteSameBlocks > 0 ? this.facts.maxWriteSameBlocks : DEFAULT_WRITE_SAME_BLOCKS;
          for (let done = 0; done < blocks; done += per) {
            const n = Math.min(per, blocks - done);
            await this.#lanes.withLane((dev) => dev.writeSame(lba + BigInt(done), n, { blockSize: bs, unmap, cdbSize: 16, ...this.#exec() }));
          }
        } catch (e) {
          if (!(e instanceof CheckConditionError && e.senseKey === SenseKey.ILLEGAL_REQUEST && e.asc === 0x20)) throw e;
          this.#writeSameWorks = false;
          this.#log(`${this.path}: WRITE SAME(16) is not supported; WRITE_ZEROES writes zeros with WRITE(16)`);
        }
      }
      if (!this.#writeSameWorks) {
        const zeros = new Uint8Array(Math.min(this.#lanes.reservedSize, blocks * bs));
        const per = zeros.length / bs;
        for (let done = 0; done < blocks; done += per) {
          const n = Math.min(per, blocks - done);
          await this.#lanes.execute(write16, { lba: lba + BigInt(done), transferLength: n }, { data: zeros.subarray(0, n * bs), blockSize: bs, ...this.#exec() });
        }
      }
      if (options.fua) await this.#syncRange(lba, blocks);
    } catch (e) {
      this.#fail(e, 'write', `WRITE_ZEROES of ${length} bytes at ${offset}`);
    }
  }

  /**
   * `base:allocation` extents from `offset` (at most `length` bytes): from
   * GET LBA STATUS on a thin-provisioned device, else one allocated extent.
   */
  async blockStatus(offset: bigint, length: number, one: boolean): Promise<Extent[]> {
    const end = offset + BigInt(length);
    if (end > this.facts.size) throw new NbdRequestError(NbdErrno.EINVAL, `${length} bytes at offset ${offset} end past the export's ${this.facts.size} bytes`);
    if (!this.facts.thin || !this.#lbaStatusWorks) return [{ length, flags: 0 }];
    const bs = BigInt(this.facts.blockSize);
    const lba = offset / bs;
    try {
      const { decoded } = await this.#lanes.withLane((dev) => runFlowAsync(dev, lbaStatusFlow(lba, { maxLength: 64 * 1024, ...this.#exec() })));
      // an unaligned offset: describe from the block that holds it
      const head = Number(offset - lba * bs);
      const extents = extentsFromLbaStatus(decoded.descriptors, { offset: lba * bs, length: length + head, blockSize: this.facts.blockSize, readsZeros: this.facts.readsZeros, one });
      if (head > 0) {
        const first = extents[0]!;
        if (first.length <= head) return [{ length, flags: 0 }];
        extents[0] = { length: first.length - head, flags: first.flags };
      }
      return extents;
    } catch (e) {
      if (e instanceof CheckConditionError && e.senseKey === SenseKey.ILLEGAL_REQUEST && e.asc === 0x20) {
        this.#lbaStatusWorks = false;
        this.#log(`${this.path}: GET LBA STATUS is not supported; base:allocation reports everything allocated`);
        return [{ length, flags: 0 }];
      }
      this.#fail(e, 'read', `GET LBA STATUS at ${offset}`);
    }
  }

  /** True once {@link close} was called. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Closes the lanes; a writable export first synchronizes the device's cache. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        if (this.writable) await this.#lanes.withLane((dev) => dev.synchronizeCache(this.#exec()));
      } catch (e) {
        this.#log(`${this.path}: SYNCHRONIZE CACHE on close failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        await this.#lanes.close();
      }
    })();
    return this.#closing;
  }
}

/** Asks the device what the export needs to know: capacity, pages, identity. */
async function learn(dev: SgDevice, timeout: number | undefined): Promise<ExportFacts> {
  const exec = timeout === undefined ? {} : { timeout };
  const capacity: Capacity = await dev.readCapacity({ detailed: true, ...exec });
  const page = async <T>(code: number, decode: (bytes: Uint8Array) => T): Promise<T | undefined> => {
    try {
      return decode((await runFlowAsync(dev, vpdFlow(code, exec))).data);
    } catch {
      return undefined; // an optional page the device does not have
    }
  };
  const limits: BlockLimitsVpdPage | undefined = await page(0xb0, decodeBlockLimits);
  const lbp = await page(0xb2, decodeLogicalBlockProvisioning);
  const bdc = await page(0xb1, decodeBlockDeviceCharacteristics);
  const serial = await page(0x80, decodeUnitSerialNumber);
  const inquiry = await dev.inquiry(exec);
  let fua = false;
  try {
    fua = (await runFlowAsync(dev, modeSenseFlow(0x3f, exec))).decoded.header.dpofua;
  } catch {
    fua = false; // no MODE SENSE: FUA is done with SYNCHRONIZE CACHE of the range
  }
  const thin = capacity.lbpme === true;
  return {
    size: capacity.bytes,
    blockSize: capacity.blockSize,
    blockSizes: blockSizesFor({ blockSize: capacity.blockSize, optimalTransferBlocks: limits?.optimalTransferLength, maximumTransferBlocks: limits?.maximumTransferLength }),
    thin,
    canUnmap: thin && (lbp?.lbpu ?? false),
    canWriteSameUnmap: thin && (lbp?.lbpws ?? false),
    readsZeros: capacity.lbprz === true || (lbp !== undefined && lbp.lbprz !== 0),
    rotational: (bdc?.mediumRotationRate ?? 0) > 1,
    fua,
    maxUnmapBlocks: limits?.maximumUnmapLbaCount ?? 0,
    maxUnmapDescriptors: limits?.maximumUnmapBlockDescriptorCount ?? 0,
    maxWriteSameBlocks: Number(limits?.maximumWriteSameLength ?? 0n),
    identity: [inquiry.vendorId.trim(), inquiry.productId.trim(), serial?.serialNumber ?? ''].filter((s) => s.length > 0).join(' '),
  };
}
