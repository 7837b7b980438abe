/**
 * The sg transport of an fd open read-only: the sg driver refuses `write()`
 * on such an fd (EBADF), so the asynchronous write/read interface is out;
 * commands run through the SG_IO ioctl on the libc worker pool instead, which
 * still leaves the event loop free. Synchronous commands use SG_IO on the
 * calling thread. It is also the default of an fd adopted with
 * `SgDevice.fromFd`, read-write or not: other processes or threads may hold
 * the same open file, and the driver hands an asynchronous completion to
 * whichever holder read()s first, but never an SG_IO one.
 *
 * Each device may have at most `perDevice` calls on the pool at once (see
 * `device-gate.ts`, shared by every fd of the device): the rest wait in
 * JavaScript, so a hung device cannot take every pool thread.
 *
 * Memory: the header, its slot (CDB copy, sense buffer) and the command (data
 * buffer) are held by the closure of each call until the ioctl has returned,
 * whatever happens to the caller's promise. An AbortSignal withdraws a call
 * still waiting (for its device's gate or a pool thread); once issued, SG_IO
 * cannot be withdrawn, so an abort then rejects the caller's promise at once
 * while the call keeps its memory, its pool thread and its place at the
 * gate until the kernel returns it (`stats().inFlight` counts it).
 *
 * Close: calls still waiting for a worker are withdrawn (they never reach the
 * fd, whose number the kernel may give to another file once it is closed);
 * calls in the kernel are waited for, and end canceled rather than with
 * data, before `close()` resolves and the device unmaps and closes the fd.
 */
import { readSgIoHdrResult } from '@sgio/struct';
import { DeviceGoneError } from '../../errors/sgio-error.js';
import { buildResult } from '../../execute/build-result.js';
import type { PreparedCommand } from '../../execute/prepare.js';
import type { PreparedRequest } from '../../execute/prepared-request.js';
import type { CommandResult } from '../../execute/result.js';
import { PoolCalls } from '../pool-calls.js';
import type { TransportCapabilities } from '../scsi-transport.js';
import type { QueueStats } from '../sg-v3/queue-stats.js';
import { RequestSlot } from '../sg-v3/request-slot.js';
import { SgIoSync } from '../sg-v3/sg-io-sync.js';
import { DeviceGate } from './device-gate.js';
import type { SgFdHost, SgV3Transport } from '../sg-v3/sg-v3-transport.js';


/** SG_IO on the worker pool (async) and on the calling thread (sync) for one sg fd (read-only, or shared). */
export class SgIoWorkerTransport implements SgV3Transport {
  /** `queueDepth` is the per-device cap in force when the transport was made. */
  readonly capabilities: TransportCapabilities;
  readonly sync: SgIoSync;
  readonly #host: SgFdHost;
  #gone: DeviceGoneError | undefined;
  /** The device's cap of calls on the worker pool (shared with its other fds); released on close. */
  readonly #gate: DeviceGate;
  /** Calls on the worker pool behind the gate; a call that returns after close() ends canceled. */
  readonly #calls: PoolCalls;

  /**
   * @param deviceKey names the device (its `H:C:T:L`): every fd of one device shares its cap of pool calls
   * @param readOnly whether the fd is open read-only (reported in `capabilities`)
   */
  constructor(host: SgFdHost, deviceKey: string, readOnly = true) {
    this.#host = host;
    this.#gate = DeviceGate.take(deviceKey);
    this.#calls = new PoolCalls({ fd: host.fd, gate: this.#gate, deviceGone: (e) => this.#deviceGone(e), deliverAfterClose: false });
    this.capabilities = Object.freeze({ kind: 'sg-io-worker', queueDepth: DeviceGate.perDevice, mmap: true, directIo: true, readOnly, abortWhileQueued: true });
    this.sync = new SgIoSync({
      fd: host.fd,
      path: host.path,
      deviceGone: (cause) => this.#deviceGone(cause),
      mmapView: () => host.mmapView(),
      // commands on the worker pool are not tracked against the reserved buffer (as before the transports were split)
      reserveBusy: false,
    });
  }

  /** The error that made the device unusable, if any. */
  get gone(): DeviceGoneError | undefined {
    return this.#gone;
  }

  /** Commands on the worker pool are not tracked against the reserved buffer. */
  get reserveBusy(): boolean {
    return false;
  }

  #deviceGone(cause: unknown): DeviceGoneError {
    this.#gone ??= new DeviceGoneError(this.#host.path, cause instanceof Error ? cause.message : '', { cause });
    return this.#gone;
  }

  async submit(command: PreparedCommand, signal?: AbortSignal): Promise<CommandResult> {
    const refused = this.#calls.refusal(command.name, signal, this.#gone);
    if (refused) throw refused;
    const slot = new RequestSlot(0);
    const view = command.transfer === 'mmap' ? this.#host.mmapView() : undefined;
    if (command.mmapSource && view) view.set(command.mmapSource, 0);
    const header = slot.encode(command, 0);
    // header, slot and command stay referenced by the closure until the ioctl returns
    return this.#calls.issue(header, command.name, signal, () => {
      readSgIoHdrResult(header, 0, slot.completion);
      return buildResult(command, slot.completion, slot.sense, undefined, undefined, view);
    });
  }

  submitSync(command: PreparedCommand): CommandResult {
    return this.sync.run(command);
  }

  /** Runs a prepared request on the worker pool; it settles through its own resolve/reject with its reused status. */
  submitPrepared(request: PreparedRequest): void {
    // the request's own sg_io_hdr: no header per submission
    this.#calls.issuePrepared(request, this.#gone, request.command.transfer === 'mmap' ? this.#host.mmapView() : undefined);
  }

  stats(): QueueStats {
    const calls = this.#calls;
    return { inFlight: calls.inFlight, waiting: 0, maxInFlight: calls.maxInFlight, discarded: 0, submitted: calls.submitted, polls: 0, yields: 0 };
  }

  /**
   * Takes no more commands, withdraws those still waiting for a worker and
   * waits for those in the kernel (SG_IO cannot be withdrawn; each ends
   * within its timeout). Every one of them ends with a canceled error.
   */
  async close(): Promise<void> {
    const first = !this.#calls.closed;
    await this.#calls.close();
    if (first) DeviceGate.put(this.#gate);
  }
}
