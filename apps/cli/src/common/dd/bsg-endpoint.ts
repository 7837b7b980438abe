/**
 * A bsg node (`/dev/bsg/H:C:T:L`) as a dd endpoint: READ/WRITE/VERIFY(10 or
 * 16) per transfer through core's BsgDevice. At queue depth 1 each transfer
 * is one SG_IO on the node; above one the transfers go through the device's
 * asynchronous transport: io_uring when the kernel's bsg takes commands that
 * way (Linux 7.2+: the transfers of one turn reach the kernel with one
 * io_uring_enter), SG_IO on libc's worker pool otherwise.
 *
 * bsg has no reserved buffer, so no mmap-ed IO; the kernel maps the
 * caller's memory itself, so there is no direct-IO choice either: both are
 * refused with the device's sg node named, which has them.
 */
import { BsgDevice, sgPathForBsg, TransportUnavailableError, type BsgOpenOptions, type BsgTransportChoice, type RequestStatus } from '@sgio/core';
import { CliError } from '../cli-error.js';
import { capacityOrClose, DeviceEnd, type DeviceCapacity, type SgEndpointOptions, type SgRole, type SgTransferPlan } from './device-end.js';
import type { DdSink, DdSource, Transfer } from './endpoint.js';
import { receivedBytes, SlotRequests, type SlotRequest } from './slot-requests.js';

/** A bsg node endpoint (source, sink or verify target). */
export class BsgEndpoint extends DeviceEnd<BsgDevice> implements DdSource, DdSink {
  /** Never: a bsg end has no switch from queueing to SG_IO (see {@link SgEndpoint}). */
  readonly switchedToSgIo = false;
  #plan: SgTransferPlan | undefined;
  #closed = false;
  readonly #requests: SlotRequests;
  /** One buffer per queue slot registered with the device's ring (io_uring at qd > 1), else none. */
  #fixed: readonly Uint8Array[] = [];

  private constructor(
    path: string,
    role: SgRole,
    device: BsgDevice,
    capacity: DeviceCapacity,
    options: SgEndpointOptions,
  ) {
    super(path, role, device, capacity, options);
    // one device for every slot; configure() lets only indirect IO through, so no mapping is ever asked for
    const noMapping = (): never => {
      throw new Error(`${path}: a bsg node has no reserved buffer to map`);
    };
    this.#requests = new SlotRequests({ deviceFor: () => this.device, mappingFor: noMapping }, role, options.timeout);
  }

  /** Opens the node (read-only for an input) and reads its capacity. */
  static async open(path: string, role: SgRole, options: SgEndpointOptions): Promise<BsgEndpoint> {
    return BsgEndpoint.#over(path, role, await BsgDevice.open(path, BsgEndpoint.#deviceOptions(role, options, 'auto')), options);
  }

  /**
   * The bsg node of the sg node `sgPath` with the io_uring transport, or
   * undefined when that cannot be had: no bsg node, no permission to open it
   * (bsg nodes are root-only by default), or a kernel whose bsg does not take
   * io_uring. The end keeps `sgPath` as its name in reports.
   */
  static async openIoUring(sgPath: string, role: SgRole, options: SgEndpointOptions): Promise<BsgEndpoint | undefined> {
    let device: BsgDevice;
    try {
      device = await BsgDevice.open(sgPath, BsgEndpoint.#deviceOptions(role, options, 'io_uring'));
    } catch {
      return undefined;
    }
    return BsgEndpoint.#over(sgPath, role, device, options);
  }

  /** How an end opens its node: read-only for an input, the -v tracer, the transport asked for. */
  static #deviceOptions(role: SgRole, options: SgEndpointOptions, transport: BsgTransportChoice): BsgOpenOptions {
    return { readOnly: role === 'in', transport, ...(options.onCommand ? { onCommand: options.onCommand } : {}) };
  }

  /** The end over an opened device, once its capacity is read (the device closed when that fails). */
  static async #over(path: string, role: SgRole, device: BsgDevice, options: SgEndpointOptions): Promise<BsgEndpoint> {
    return new BsgEndpoint(path, role, device, await capacityOrClose(device, options.timeout), options);
  }

  /** How this end's transfers reach the kernel rather than a transfer mode it cannot choose: `io_uring`, or `bsg` (SG_IO on the node: at queue depth 1 always). */
  modeLabel(): 'io_uring' | 'bsg' {
    return !this.serialSuffices() && this.device.transport.capabilities.kind === 'bsg-uring' ? 'io_uring' : 'bsg';
  }

  /** Where to go for what only the sg driver offers: `use /dev/sgN, the same device,` (or the device's sg node, unnamed). */
  sgNodeAdvice(): string {
    const sg = sgPathForBsg(this.device.path);
    return sg ? `use ${sg}, the same device,` : "use the device's sg node";
  }

  /** Takes the plan; refuses direct IO (and mmap-ed IO, which dd's setup refuses first with a bsg end), which only the sg driver offers. */
  configure(plan: SgTransferPlan): Promise<void> {
    if (plan.transfer !== 'indirect') {
      return Promise.reject(new CliError(`${this.path}: --${plan.transfer === 'direct' ? 'dio' : 'mmap'} is an sg driver option (a bsg node maps the memory it is given itself); ${this.sgNodeAdvice()} for it, or leave the option out`));
    }
    this.#plan = plan;
    if (plan.queueDepth > 1 && this.device.transport.capabilities.kind === 'bsg-uring') {
      // the kernel pins registered buffers once instead of mapping the memory at each command (lab, 16 READs of
      // 64 KiB in flight: 3.0-3.4 GB/s into plain buffers, 3.8-3.9 into registered ones)
      try {
        this.#fixed = this.device.setFixedBuffers(Array.from({ length: plan.queueDepth }, () => plan.blockSize * plan.blocksPerTransfer));
      } catch (e) {
        // over RLIMIT_MEMLOCK (no CAP_IPC_LOCK): the copy goes on with its own buffers, mapped per command
        if (!(e instanceof TransportUnavailableError)) return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    return Promise.resolve();
  }

  /** Queue depth 1: one transfer at a time through SG_IO (`readSync`/`writeSync`). */
  serialSuffices(): boolean {
    return (this.#plan?.queueDepth ?? 1) === 1;
  }

  /** As a sink: the slot's registered buffer (io_uring at qd > 1), which the source then reads into; else none. */
  buffer(slot: number): Uint8Array | undefined {
    return this.#fixed[slot];
  }

  /** As a source: the slot's registered buffer, when the sink has no buffer of its own. */
  readBuffer(slot: number): Uint8Array | undefined {
    return this.#fixed[slot];
  }

  /** A READ through the device's transport (io_uring, or SG_IO on the worker pool) with the slot's prepared request. */
  read(t: Transfer, into: Uint8Array): Promise<Uint8Array> {
    const req = this.#requests.read(t, into, this.#planned());
    return req.request.submit().then((s) => this.#received(req, s));
  }

  /** A READ through SG_IO on the node with the slot's prepared request (no allocation per transfer). */
  readSync(t: Transfer, into: Uint8Array): Uint8Array {
    const req = this.#requests.read(t, into, this.#planned());
    return this.#received(req, req.request.run());
  }

  /** A WRITE (or VERIFY) through the device's transport. */
  write(t: Transfer, data: Uint8Array): Promise<void> {
    return this.#requests
      .write(t, data, this.#planned())
      .request.submit()
      .then((s) => this.#account(s));
  }

  /** A WRITE (or VERIFY) through SG_IO on the node. */
  writeSync(t: Transfer, data: Uint8Array): void {
    this.#account(this.#requests.write(t, data, this.#planned()).request.run());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.device.close();
  }

  #planned(): SgTransferPlan {
    if (!this.#plan) throw new Error(`${this.path}: configure() must come before IO`);
    return this.#plan;
  }

  #received(req: SlotRequest, s: RequestStatus): Uint8Array {
    this.#account(s);
    return receivedBytes(req, s.transferred);
  }

  #account(s: RequestStatus): void {
    const counters = this.options.counters;
    counters.commands++;
    counters.residual += s.residual;
  }
}
