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
import { BsgDevice, sgPathForBsg, type CommandResult, type ExecuteOptions } from '@sgio/core';
import { read10, read16, verify10, verify16, write10, write16 } from '@sgio/struct';
import { CliError } from '../cli-error.js';
import { capacityOrClose, DeviceEnd, needsCdb16, type DeviceCapacity, type SgEndpointOptions, type SgRole, type SgTransferPlan } from './device-end.js';
import type { DdSink, DdSource, Transfer } from './endpoint.js';

/** A bsg node endpoint (source, sink or verify target). */
export class BsgEndpoint extends DeviceEnd<BsgDevice> implements DdSource, DdSink {
  /** Never: a bsg end has no switch from queueing to SG_IO (see {@link SgEndpoint}). */
  readonly switchedToSgIo = false;
  #plan: SgTransferPlan | undefined;
  #base: ExecuteOptions = {};
  #closed = false;

  private constructor(
    path: string,
    role: SgRole,
    device: BsgDevice,
    capacity: DeviceCapacity,
    options: SgEndpointOptions,
  ) {
    super(path, role, device, capacity, options);
  }

  /** Opens the node (read-only for an input) and reads its capacity. */
  static async open(path: string, role: SgRole, options: SgEndpointOptions): Promise<BsgEndpoint> {
    const device = await BsgDevice.open(path, { readOnly: role === 'in', ...(options.onCommand ? { onCommand: options.onCommand } : {}) });
    return new BsgEndpoint(path, role, device, await capacityOrClose(device, options.timeout), options);
  }

  /** How this end's transfers reach the kernel rather than a transfer mode it cannot choose: `io_uring`, or `bsg` (SG_IO on the node: at queue depth 1 always). */
  modeLabel(): 'io_uring' | 'bsg' {
    return !this.serialSuffices() && this.device.transport.capabilities.kind === 'bsg-uring' ? 'io_uring' : 'bsg';
  }

  /** Where to go for what only the sg driver offers: `use /dev/sgN, the same device,` (or the device's sg node, unnamed). */
  sgNodeAdvice(): string {
    const sg = sgPathForBsg(this.path);
    return sg ? `use ${sg}, the same device,` : "use the device's sg node";
  }

  /** Takes the plan; refuses direct IO (and mmap-ed IO, which dd's setup refuses first with a bsg end), which only the sg driver offers. */
  configure(plan: SgTransferPlan): Promise<void> {
    if (plan.transfer !== 'indirect') {
      return Promise.reject(new CliError(`${this.path}: --${plan.transfer === 'direct' ? 'dio' : 'mmap'} is an sg driver option (a bsg node maps the memory it is given itself); ${this.sgNodeAdvice()} for it, or leave the option out`));
    }
    this.#plan = plan;
    this.#base = { blockSize: plan.blockSize, timeout: this.options.timeout, retry: false };
    return Promise.resolve();
  }

  /** Queue depth 1: one transfer at a time through SG_IO (`readSync`/`writeSync`). */
  serialSuffices(): boolean {
    return (this.#plan?.queueDepth ?? 1) === 1;
  }

  /** No buffer of its own: the copy loop's buffers are used. */
  buffer(): undefined {
    return undefined;
  }

  async read(t: Transfer, into: Uint8Array): Promise<Uint8Array> {
    const bytes = this.#bytes(t);
    const fields = { lba: t.lba, transferLength: t.blocks };
    const options = { ...this.#base, receive: into.subarray(0, bytes) };
    return this.#received(await (needsCdb16(t, this.#plan?.cdbSize) ? this.device.execute(read16, fields, options) : this.device.execute(read10, fields, options)), into);
  }

  readSync(t: Transfer, into: Uint8Array): Uint8Array {
    const bytes = this.#bytes(t);
    const fields = { lba: t.lba, transferLength: t.blocks };
    const options = { ...this.#base, receive: into.subarray(0, bytes) };
    return this.#received(needsCdb16(t, this.#plan?.cdbSize) ? this.device.executeSync(read16, fields, options) : this.device.executeSync(read10, fields, options), into);
  }

  async write(t: Transfer, data: Uint8Array): Promise<void> {
    const padded = this.#padded(t, data);
    const options = { ...this.#base, data: padded };
    const long = needsCdb16(t, this.#plan?.cdbSize);
    let result: CommandResult;
    if (this.role === 'verify') {
      const fields = { lba: t.lba, verificationLength: t.blocks, bytchk: 1 };
      result = await (long ? this.device.execute(verify16, fields, options) : this.device.execute(verify10, fields, options));
    } else {
      const fields = { lba: t.lba, transferLength: t.blocks };
      result = await (long ? this.device.execute(write16, fields, options) : this.device.execute(write10, fields, options));
    }
    this.#account(result);
  }

  writeSync(t: Transfer, data: Uint8Array): void {
    const padded = this.#padded(t, data);
    const options = { ...this.#base, data: padded };
    const long = needsCdb16(t, this.#plan?.cdbSize);
    if (this.role === 'verify') {
      const fields = { lba: t.lba, verificationLength: t.blocks, bytchk: 1 };
      this.#account(long ? this.device.executeSync(verify16, fields, options) : this.device.executeSync(verify10, fields, options));
    } else {
      const fields = { lba: t.lba, transferLength: t.blocks };
      this.#account(long ? this.device.executeSync(write16, fields, options) : this.device.executeSync(write10, fields, options));
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.device.close();
  }

  #bytes(t: Transfer): number {
    if (!this.#plan) throw new Error(`${this.path}: configure() must come before IO`);
    return t.blocks * this.#plan.blockSize;
  }

  /** A partial last block (a file whose size is not a multiple of bs) goes out zero-padded, as on an sg node. */
  #padded(t: Transfer, data: Uint8Array): Uint8Array {
    const bytes = this.#bytes(t);
    if (data.length === bytes) return data;
    const padded = new Uint8Array(bytes);
    padded.set(data.subarray(0, bytes));
    return padded;
  }

  #received(result: CommandResult, into: Uint8Array): Uint8Array {
    this.#account(result);
    return into.subarray(0, result.transferred);
  }

  #account(result: CommandResult): void {
    const counters = this.options.counters;
    counters.commands++;
    counters.residual += result.residual;
  }
}
