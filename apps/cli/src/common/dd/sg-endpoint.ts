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
import { SgDevice, SgLanes, type RequestStatus, type TransferMode } from '@sgio/core';
import { capacityOrClose, DeviceEnd, type DeviceCapacity, type SgEndpointOptions, type SgRole, type SgTransferPlan } from './device-end.js';
import type { DdSink, DdSource, Transfer } from './endpoint.js';
import { InlineProbe } from './inline-probe.js';
import { receivedBytes, SlotRequests, type SlotRequest } from './slot-requests.js';

/** An sg device endpoint (source, sink or verify target). */
export class SgEndpoint extends DeviceEnd<SgDevice> implements DdSource, DdSink {
  /** The lanes of an mmap-ed copy with a queue depth above one (lane 0 is the device). */
  #lanes: SgLanes | undefined;
  #plan: SgTransferPlan | undefined;
  #closed = false;
  readonly #requests: SlotRequests;
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
    this.#requests = new SlotRequests({ deviceFor: (slot) => this.#lane(slot), mappingFor: (slot) => this.#lane(slot).mapReservedBuffer().view }, role, options.timeout);
  }

  /** True when this end began with queued commands at qd > 1, found each answered inside its submit, and went on with SG_IO. */
  get switchedToSgIo(): boolean {
    return (this.#plan?.queueDepth ?? 1) > 1 && this.#probe.verdict === 'inline';
  }

  /** Opens the device and reads its capacity. */
  static async open(path: string, role: SgRole, options: SgEndpointOptions): Promise<SgEndpoint> {
    // the sg end stays on the sg driver (a copy through io_uring names the bsg node: BsgEndpoint); it may become lane 0 of SgLanes
    const device = await SgDevice.open(path, { via: 'sg', ...(options.onCommand ? { onCommand: options.onCommand } : {}) });
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
    const req = this.#requests.read(t, into, plan);
    const done = req.request.submit().then((s) => this.#received(req, s));
    if (this.#probe.probing) this.#observe(t.slot);
    return done;
  }

  /** A READ through SG_IO with a prepared request (no allocation per transfer). */
  readSync(t: Transfer, into: Uint8Array): Uint8Array {
    const plan = this.#planned();
    const req = this.#requests.read(t, into, plan);
    return this.#received(req, req.request.run());
  }

  write(t: Transfer, data: Uint8Array): Promise<void> {
    const plan = this.#planned();
    if (this.serialSuffices()) {
      this.writeSync(t, data);
      return Promise.resolve();
    }
    const req = this.#requests.write(t, data, plan);
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
    const req = this.#requests.write(t, data, plan);
    this.#account(req, req.request.run());
  }

  /** The bytes a READ brought (a view of the request's buffer). */
  #received(req: SlotRequest, s: RequestStatus): Uint8Array {
    this.#account(req, s);
    return receivedBytes(req, s.transferred);
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

  #account(req: SlotRequest, s: RequestStatus): void {
    const c = this.options.counters;
    c.commands++;
    c.residual += s.residual;
    // info bits 1..2: 2 = direct IO done (see CommandResult.transfer)
    if (this.#plan?.transfer === 'direct' && s.transferred > 0 && (s.info & 6) !== 2) c.dioIncomplete++;
  }
}
