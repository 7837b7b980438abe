/**
 * An sg device as a dd endpoint: READ/WRITE(10 or 16) per transfer, with
 * indirect, direct or mmap-ed IO. With mmap-ed IO and a queue depth above
 * one it uses core's SgLanes (one fd per slot, each with its own mapped
 * reserved buffer, because the driver allows one mmap-ed request per fd, as
 * sgp_dd does with threads); slot N always runs on lane N. At a queue
 * depth above one it submits through the driver's asynchronous interface
 * until an {@link InlineProbe} finds the device answering inside each
 * submit; then it goes on with SG_IO, on the same lanes and requests.
 */
import { SgDevice, SgLanes, type ExecuteOptions, type PreparedRequest, type RequestStatus, type TransferMode } from '@sgio/core';
import { read10, read16, verify10, verify16, write10, write16, type FieldSetter } from '@sgio/struct';
import { capacityOrClose, DeviceEnd, needsCdb16, type DeviceCapacity, type SgEndpointOptions, type SgRole, type SgTransferPlan } from './device-end.js';
import type { DdSink, DdSource, Transfer } from './endpoint.js';
import { InlineProbe } from './inline-probe.js';


/** Where a block command's range lives in its CDB: the two fields a transfer changes. */
interface RangeSetters {
  readonly lba: FieldSetter<number>;
  readonly blocks: FieldSetter<number>;
}

/**
 * The range setters of the six commands dd sends: a prepared CDB gets its
 * LBA and block count overwritten per transfer, the rest stays as prepared
 * (on the host, 5M READ(10) CDBs: 12-18 ns each against 53-58 ns for
 * encoding the whole CDB again with `encodeInto`).
 */
const RANGE = {
  read10: { lba: read10.fieldSetter('lba'), blocks: read10.fieldSetter('transferLength') },
  read16: { lba: read16.fieldSetter('lba'), blocks: read16.fieldSetter('transferLength') },
  write10: { lba: write10.fieldSetter('lba'), blocks: write10.fieldSetter('transferLength') },
  write16: { lba: write16.fieldSetter('lba'), blocks: write16.fieldSetter('transferLength') },
  verify10: { lba: verify10.fieldSetter('lba'), blocks: verify10.fieldSetter('verificationLength') },
  verify16: { lba: verify16.fieldSetter('lba'), blocks: verify16.fieldSetter('verificationLength') },
} satisfies Record<string, RangeSetters>;

/** Sets a prepared CDB's range. */
function setRange(cdb: Uint8Array, setters: RangeSetters, t: Transfer): void {
  setters.lba(cdb, 0, t.lba);
  setters.blocks(cdb, 0, t.blocks);
}

/** A prepared request of one queue slot, with the field objects its CDB is encoded from (reused). */
interface SlotRequest {
  readonly request: PreparedRequest;
  /** The data buffer it was prepared with (indirect/direct/mmap), its whole prepared length. */
  readonly full: Uint8Array;
  /** Identity of the caller's buffer it was prepared for. */
  readonly buffer: ArrayBufferLike;
  readonly offset: number;
}

function slotRequest(request: PreparedRequest, length: number, given: Uint8Array): SlotRequest {
  const data = request.data ?? given;
  return {
    request,
    full: data.length === length ? data : data.subarray(0, length),
    buffer: given.buffer,
    offset: given.byteOffset,
  };
}

/** The prepared requests of one queue slot, by command. */
interface SlotRequests {
  read10?: SlotRequest;
  read16?: SlotRequest;
  write10?: SlotRequest;
  write16?: SlotRequest;
  verify10?: SlotRequest;
  verify16?: SlotRequest;
}

/** An sg device endpoint (source, sink or verify target). */
export class SgEndpoint extends DeviceEnd<SgDevice> implements DdSource, DdSink {
  /** The lanes of an mmap-ed copy with a queue depth above one (lane 0 is the device). */
  #lanes: SgLanes | undefined;
  #plan: SgTransferPlan | undefined;
  #closed = false;
  readonly #slots: SlotRequests[] = [];
  /** At qd > 1: does the device answer inside each submit (then SG_IO does the same work with one system call)? */
  readonly #probe: InlineProbe;

  private constructor(
    path: string,
    role: SgRole,
    device: SgDevice,
    capacity: DeviceCapacity,
    options: SgEndpointOptions,
  ) {
    super(path, role, device, capacity, options);
    this.#probe = new InlineProbe(!options.alwaysQueue);
  }

  /** True when this end began with queued commands at qd > 1, found each answered inside its submit, and went on with SG_IO. */
  get switchedToSgIo(): boolean {
    return (this.#plan?.queueDepth ?? 1) > 1 && this.#probe.verdict === 'inline';
  }

  /** Opens the device and reads its capacity. */
  static async open(path: string, role: SgRole, options: SgEndpointOptions): Promise<SgEndpoint> {
    const device = await SgDevice.open(path, options.onCommand ? { onCommand: options.onCommand } : {});
    return new SgEndpoint(path, role, device, await capacityOrClose(device, options.timeout), options);
  }

  /** The transfer mode itself (`indirect`, `direct`, `mmap`). */
  modeLabel(transfer: TransferMode): string {
    return transfer;
  }

  /** Sets up buffers and lanes for the copy (reserved buffer size, mappings). */
  async configure(plan: SgTransferPlan): Promise<void> {
    this.#plan = plan;
    const bytes = plan.blockSize * plan.blocksPerTransfer;
    const tooSmall = (granted: number): Error =>
      new Error(`${this.path}: the sg driver granted a reserved buffer of ${granted} bytes, but mmap-ed IO needs bs x bpt = ${bytes}; lower bpt= (or raise the sg module's def_reserved_size / scatter_elem_sz).`);
    if (plan.transfer === 'mmap' && plan.queueDepth > 1) {
      this.#lanes = await SgLanes.open(this.path, { lanes: plan.queueDepth, reservedSize: bytes, first: this.device, ...(this.options.onCommand ? { onCommand: this.options.onCommand } : {}) });
      if (this.#lanes.reservedSize < bytes) throw tooSmall(this.#lanes.reservedSize);
      return;
    }
    const granted = this.device.setReservedSize(bytes);
    if (plan.transfer === 'mmap') {
      if (granted < bytes) throw tooSmall(granted);
      this.device.mapReservedBuffer();
    }
  }

  /** True once queueing is known to gain nothing here: queue depth 1, or the inline probe found every queued command answered inside its submit. */
  serialSuffices(): boolean {
    return (this.#plan?.queueDepth ?? 1) === 1 || this.#probe.verdict === 'inline';
  }

  /** The lanes' mapped reserved buffers when this end moves data with mmap-ed IO. */
  buffer(slot: number): Uint8Array | undefined {
    return this.#plan?.transfer === 'mmap' && this.role !== 'in' ? this.#lane(slot).reservedMapping?.view : undefined;
  }

  read(t: Transfer, into: Uint8Array): Promise<Uint8Array> {
    const plan = this.#planned();
    if (this.serialSuffices()) return Promise.resolve(this.readSync(t, into));
    const req = this.#readRequest(t, into, plan);
    const done = req.request.submit().then((s) => this.#received(req, s));
    if (this.#probe.probing) this.#observe(t.slot);
    return done;
  }

  /** A READ through SG_IO with a prepared request (no allocation per transfer). */
  readSync(t: Transfer, into: Uint8Array): Uint8Array {
    const plan = this.#planned();
    const req = this.#readRequest(t, into, plan);
    return this.#received(req, req.request.run());
  }

  write(t: Transfer, data: Uint8Array): Promise<void> {
    const plan = this.#planned();
    if (this.serialSuffices()) {
      this.writeSync(t, data);
      return Promise.resolve();
    }
    const req = this.#writeRequest(t, data, plan);
    const done = req.request.submit().then((s) => this.#account(req, s));
    if (this.#probe.probing) this.#observe(t.slot);
    return done;
  }

  /** Tells the probe whether the command just submitted on the slot's fd was already answered. */
  #observe(slot: number): void {
    const stats = this.#lane(slot).queueStats();
    this.#probe.observe(stats.inFlight + stats.waiting);
  }

  /** A WRITE (or VERIFY) through SG_IO with a prepared request. */
  writeSync(t: Transfer, data: Uint8Array): void {
    const plan = this.#planned();
    const req = this.#writeRequest(t, data, plan);
    this.#account(req, req.request.run());
  }

  /** The slot's prepared READ, its CDB set for `t`. */
  #readRequest(t: Transfer, into: Uint8Array, plan: SgTransferPlan): SlotRequest {
    const long = needsCdb16(t, this.#plan?.cdbSize);
    const slot = (this.#slots[t.slot] ??= {});
    let req = long ? slot.read16 : slot.read10;
    const max = plan.blockSize * plan.blocksPerTransfer;
    // indirect IO lands in the copy loop's buffer; a new buffer needs a new request
    if (!req || (plan.transfer === 'indirect' && (req.buffer !== into.buffer || req.offset !== into.byteOffset))) {
      const base = this.#base(plan);
      // direct: core allocates one page-aligned buffer for the request (the driver only maps aligned pages)
      const options: ExecuteOptions =
        plan.transfer === 'mmap'
          ? { ...base, transfer: 'mmap' }
          : plan.transfer === 'direct'
            ? { ...base, transfer: 'direct', receive: max }
            : { ...base, transfer: 'indirect', receive: into.subarray(0, max) };
      const lane = this.#lane(t.slot);
      const fields = { lba: t.lba, transferLength: plan.blocksPerTransfer };
      req = slotRequest(long ? lane.prepare(read16, fields, options) : lane.prepare(read10, fields, options), max, into);
      if (long) slot.read16 = req;
      else slot.read10 = req;
    }
    setRange(req.request.cdb, long ? RANGE.read16 : RANGE.read10, t);
    const bytes = t.blocks * plan.blockSize;
    if (req.request.length !== bytes) req.request.setLength(bytes);
    return req;
  }

  /** The slot's prepared WRITE or VERIFY, its CDB set for `t`, `data` in place. */
  #writeRequest(t: Transfer, data: Uint8Array, plan: SgTransferPlan): SlotRequest {
    if (data.length !== t.blocks * plan.blockSize) {
      // a partial last block (a file whose size is not a multiple of bs) goes out zero-padded
      const padded = new Uint8Array(t.blocks * plan.blockSize);
      padded.set(data.subarray(0, padded.length));
      data = padded;
    }
    const long = needsCdb16(t, this.#plan?.cdbSize);
    const verify = this.role === 'verify';
    const slot = (this.#slots[t.slot] ??= {});
    let req = verify ? (long ? slot.verify16 : slot.verify10) : long ? slot.write16 : slot.write10;
    const max = plan.blockSize * plan.blocksPerTransfer;
    if (!req || (plan.transfer !== 'mmap' && (req.buffer !== data.buffer || req.offset !== data.byteOffset || req.full.length < data.length))) {
      const lane = this.#lane(t.slot);
      // mmap: the data goes out of the lane's mapping (the copy loop reads into it; other data is copied in)
      const source = plan.transfer === 'mmap' ? lane.mapReservedBuffer().view.subarray(0, max) : data;
      const options: ExecuteOptions = { ...this.#base(plan), transfer: plan.transfer, data: source };
      const length = plan.transfer === 'mmap' ? max : data.length;
      const blocks = length / plan.blockSize;
      const prepared = verify
        ? long
          ? lane.prepare(verify16, { lba: t.lba, verificationLength: blocks, bytchk: 1 }, options)
          : lane.prepare(verify10, { lba: t.lba, verificationLength: blocks, bytchk: 1 }, options)
        : long
          ? lane.prepare(write16, { lba: t.lba, transferLength: blocks }, options)
          : lane.prepare(write10, { lba: t.lba, transferLength: blocks }, options);
      req = slotRequest(prepared, length, source);
      if (verify) {
        if (long) slot.verify16 = req;
        else slot.verify10 = req;
      } else if (long) slot.write16 = req;
      else slot.write10 = req;
    }
    if (plan.transfer === 'mmap' && (data.buffer !== req.buffer || data.byteOffset !== req.offset)) req.full.set(data, 0);
    setRange(req.request.cdb, verify ? (long ? RANGE.verify16 : RANGE.verify10) : long ? RANGE.write16 : RANGE.write10, t);
    if (req.request.length !== data.length) req.request.setLength(data.length);
    return req;
  }

  /** The bytes a READ brought: the whole buffer view when complete (no allocation), else a shorter view. */
  #received(req: SlotRequest, s: RequestStatus): Uint8Array {
    this.#account(req, s);
    const n = s.transferred;
    return n === req.full.length ? req.full : req.full.subarray(0, n);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // the lanes own the first device too
    if (this.#lanes) await this.#lanes.close();
    else await this.device.close();
  }

  #planned(): SgTransferPlan {
    if (!this.#plan) throw new Error(`${this.path}: configure() must come before IO`);
    return this.#plan;
  }

  #lane(slot: number): SgDevice {
    const lanes = this.#lanes;
    return lanes ? lanes.lane(slot % lanes.lanes) : this.device;
  }

  #base(plan: SgTransferPlan): ExecuteOptions {
    return { blockSize: plan.blockSize, timeout: this.options.timeout, retry: false };
  }

  #account(req: SlotRequest, s: RequestStatus): void {
    const c = this.options.counters;
    c.commands++;
    c.residual += s.residual;
    // info bits 1..2: 2 = direct IO done (see CommandResult.transfer)
    if (this.#plan?.transfer === 'direct' && s.transferred > 0 && (s.info & 6) !== 2) c.dioIncomplete++;
  }
}
