/**
 * The sg transport of an fd open read-only: the sg driver refuses `write()`
 * on such an fd (EBADF), so the asynchronous write/read interface is out;
 * commands run through the SG_IO ioctl on the libc worker pool instead, which
 * still leaves the event loop free. Synchronous commands use SG_IO on the
 * calling thread.
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
import { LibcError, SystemError, ioctlAsync } from '@sgio/libc';
import { SG_IO, readSgIoHdrResult } from '@sgio/struct';
import { CommandCanceledError, DeviceGoneError } from '../../errors/sgio-error.js';
import { buildResult } from '../../execute/build-result.js';
import type { PreparedCommand } from '../../execute/prepare.js';
import type { PreparedRequest } from '../../execute/prepared-request.js';
import type { CommandResult } from '../../execute/result.js';
import type { TransportCapabilities } from '../scsi-transport.js';
import type { QueueStats } from '../sg-v3/queue-stats.js';
import { RequestSlot } from '../sg-v3/request-slot.js';
import { SgIoSync } from '../sg-v3/sg-io-sync.js';
import { DeviceGate } from './device-gate.js';
import type { SgFdHost, SgV3Transport } from '../sg-v3/sg-v3-transport.js';


/** SG_IO on the worker pool (async) and on the calling thread (sync) for one read-only sg fd. */
export class SgIoWorkerTransport implements SgV3Transport {
  /** `queueDepth` is the per-device cap in force when the transport was made. */
  readonly capabilities: TransportCapabilities;
  readonly sync: SgIoSync;
  readonly #host: SgFdHost;
  #gone: DeviceGoneError | undefined;
  #closed = false;
  /** Aborted by close(): withdraws calls still waiting for a worker. */
  readonly #closing = new AbortController();
  /** Calls issued and not yet returned (close() waits for them). */
  readonly #pending = new Set<Promise<void>>();
  #inFlight = 0;
  #maxInFlight = 0;
  #submitted = 0;
  /** The device's cap of calls on the worker pool (shared with its other fds); released on close. */
  readonly #gate: DeviceGate;

  /** @param deviceKey names the device (its `H:C:T:L`): every fd of one device shares its cap of pool calls */
  constructor(host: SgFdHost, deviceKey: string) {
    this.#host = host;
    this.#gate = DeviceGate.take(deviceKey);
    this.capabilities = Object.freeze({ kind: 'sg-io-worker', queueDepth: DeviceGate.perDevice, mmap: true, directIo: true, readOnly: true, abortWhileQueued: true });
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

  #refusal(name: string, signal: AbortSignal | undefined): Error | undefined {
    if (this.#gone) return this.#gone;
    if (this.#closed) return new CommandCanceledError('closed', name);
    if (signal?.aborted) return new CommandCanceledError('aborted', name, { cause: signal.reason });
    return undefined;
  }

  /**
   * Issues SG_IO for `header` once the device's gate has a place, counting it
   * while the kernel has it. `signal` withdraws it while it waits; after
   * issue, it rejects the returned promise at once (the call itself, with
   * its memory and its place, lasts until the ioctl returns).
   */
  #ioctl(header: Uint8Array, name: string, signal: AbortSignal | undefined): Promise<void> {
    this.#submitted++;
    if (++this.#inFlight > this.#maxInFlight) this.#maxInFlight = this.#inFlight;
    const closing = this.#closing.signal;
    const refusal = (by: AbortSignal): Error => (by === closing ? new CommandCanceledError('closed', name) : new CommandCanceledError('aborted', name, { cause: by.reason }));
    const call = this.#gate.acquire(signal ? [closing, signal] : [closing], refusal).then(
      () =>
        ioctlAsync(this.#host.fd, SG_IO, header, { signal: closing }).finally(() => this.#gate.release()).then(
          () => {
            // the data of a command that returns after close() was asked for is not delivered
            if (this.#closed) throw new CommandCanceledError('closed', name);
          },
          (e: unknown) => {
            if (e instanceof LibcError && e.code === 'ERR_ASYNC_ABORTED') throw new CommandCanceledError('closed', name, { cause: e });
            if (e instanceof SystemError && (e.code === 'ENODEV' || e.code === 'ENXIO')) throw this.#deviceGone(e);
            throw e;
          },
        ),
    );
    const tracked = call.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(tracked);
    void tracked.then(() => {
      this.#pending.delete(tracked);
      this.#inFlight--;
    });
    return signal ? abortable(call, signal, name) : call;
  }

  async submit(command: PreparedCommand, signal?: AbortSignal): Promise<CommandResult> {
    const refused = this.#refusal(command.name, signal);
    if (refused) throw refused;
    const slot = new RequestSlot(0);
    const view = command.transfer === 'mmap' ? this.#host.mmapView() : undefined;
    if (command.mmapSource && view) view.set(command.mmapSource, 0);
    const header = slot.encode(command, 0);
    // header, slot and command stay referenced here until the ioctl returns
    await this.#ioctl(header, command.name, signal);
    readSgIoHdrResult(header, 0, slot.completion);
    return buildResult(command, slot.completion, slot.sense, undefined, undefined, view);
  }

  submitSync(command: PreparedCommand): CommandResult {
    return this.sync.run(command);
  }

  /** Runs a prepared request on the worker pool; it settles through its own resolve/reject with its reused status. */
  submitPrepared(request: PreparedRequest): void {
    const command = request.command;
    const refused = this.#refusal(command.name, undefined);
    if (refused) {
      settlePrepared(request, refused);
      return;
    }
    const slot = new RequestSlot(0);
    const view = command.transfer === 'mmap' ? this.#host.mmapView() : undefined;
    const header = slot.encode(command, 0);
    this.#ioctl(header, command.name, undefined).then(
      () => {
        let error: unknown;
        try {
          request.complete(readSgIoHdrResult(header, 0, slot.completion), slot.sense, view);
        } catch (e) {
          error = e;
        }
        settlePrepared(request, error);
      },
      (e: unknown) => settlePrepared(request, e),
    );
  }

  stats(): QueueStats {
    return { inFlight: this.#inFlight, waiting: 0, maxInFlight: this.#maxInFlight, discarded: 0, submitted: this.#submitted, polls: 0, yields: 0 };
  }

  /**
   * Takes no more commands, withdraws those still waiting for a worker and
   * waits for those in the kernel (SG_IO cannot be withdrawn; each ends
   * within its timeout). Every one of them ends with a canceled error.
   */
  async close(): Promise<void> {
    if (this.#closed) {
      while (this.#pending.size > 0) await Promise.all(this.#pending);
      return;
    }
    this.#closed = true;
    this.#closing.abort();
    while (this.#pending.size > 0) await Promise.all(this.#pending);
    DeviceGate.put(this.#gate);
  }
}

/** `call`, or a CommandCanceledError as soon as `signal` aborts (the call itself goes on). */
function abortable(call: Promise<void>, signal: AbortSignal, name: string): Promise<void> {
  if (signal.aborted) return call;
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(new CommandCanceledError('aborted', name, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    call.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function settlePrepared(request: PreparedRequest, error: unknown): void {
  request.inFlight = false;
  if (error !== undefined) request.reject!(error);
  else request.resolve!(request.status);
}
