/**
 * The sg v3 asynchronous interface for one file descriptor: commands are
 * `write()`n as headers and their completions `read()` back. Up to 16 are
 * outstanding (the driver's limit); a JS-side queue holds the rest.
 *
 * Completions reach the event loop without blocking it: after each
 * submission the queue reads whatever is already complete; while commands
 * remain outstanding, one `poll()` runs on the libc worker pool and wakes the
 * queue when the driver has completions (or the device hangs up). Memory the
 * kernel may still use (header, CDB, sense, data) stays referenced by the
 * request slot until its completion has been read, whatever happens to the
 * promise (abort, timeout, close).
 */
import { POLLERR, POLLHUP, POLLIN, POLLNVAL, SystemError, ioctlGetInt, pollOneAsync, read, write } from '@sgio/libc';
import { SG_GET_NUM_WAITING, SG_IO_HDR_SIZE, SG_MAX_QUEUE, createSgIoHdrResult, readSgIoHdrResult } from '@sgio/struct';
import { RequestSlot } from '../driver/request-slot.js';
import { CommandCanceledError, DeviceGoneError } from '../errors/sgio-error.js';
import { CommandTimeoutError } from '../errors/scsi-errors.js';
import { buildResult } from '../execute/build-result.js';
import type { PreparedCommand } from '../execute/prepare.js';
import { CommandResult } from '../execute/result.js';

/** How long one background poll waits before the queue re-checks deadlines (ms). */
const POLL_SLICE_MS = 200;
/** Grace after a command's own timeout before the JS side gives up on it (ms). */
const TIMEOUT_GRACE_MS = 5_000;

interface Pending {
  readonly command: PreparedCommand;
  readonly resolve: (r: CommandResult) => void;
  readonly reject: (e: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly startedAt: number;
  deadline: number;
  settled: boolean;
  slot: RequestSlot | undefined;
  onAbort: (() => void) | undefined;
}

/** What the queue needs from its device. */
export interface QueueHost {
  /** The file descriptor. */
  readonly fd: number;
  /** The device path, for messages. */
  readonly path: string;
  /** The mapped reserved buffer's view, when mapped. */
  mmapView(): Uint8Array | undefined;
}

/** Counters for tests and metrics. */
export interface QueueStats {
  /** Commands written to the driver and not yet read back. */
  readonly inFlight: number;
  /** Commands waiting in the JS queue. */
  readonly waiting: number;
  /** Highest number of commands in flight at once. */
  readonly maxInFlight: number;
  /** Completions read and discarded (aborted or timed out before they came). */
  readonly discarded: number;
}

/** The async submission queue of one sg file descriptor. */
export class AsyncQueue {
  private readonly slots: RequestSlot[];
  private readonly free: RequestSlot[];
  private readonly waiting: Pending[] = [];
  private readonly bySlot: (Pending | undefined)[];
  private readonly readHeader = new Uint8Array(SG_IO_HDR_SIZE);
  private readonly readResult = createSgIoHdrResult();
  private inFlight = 0;
  private mmapBusy = false;
  private polling: Promise<void> | undefined;
  private sequence = 0;
  private gone: DeviceGoneError | undefined;
  private closing = false;
  private maxInFlight = 0;
  private discarded = 0;

  constructor(
    private readonly host: QueueHost,
    depth = SG_MAX_QUEUE,
  ) {
    this.slots = Array.from({ length: depth }, (_, i) => new RequestSlot(i));
    this.free = [...this.slots].reverse();
    this.bySlot = new Array<Pending | undefined>(depth).fill(undefined);
  }

  /** Current counters. */
  stats(): QueueStats {
    return { inFlight: this.inFlight, waiting: this.waiting.length, maxInFlight: this.maxInFlight, discarded: this.discarded };
  }

  /** Queues a prepared command; resolves with its result (never throws SCSI errors itself). */
  run(command: PreparedCommand, signal: AbortSignal | undefined): Promise<CommandResult> {
    if (this.gone) return Promise.reject(this.gone);
    if (this.closing) return Promise.reject(new CommandCanceledError('closed', command.name));
    if (signal?.aborted) return Promise.reject(new CommandCanceledError('aborted', command.name, { cause: signal.reason }));
    return new Promise<CommandResult>((resolve, reject) => {
      const p: Pending = {
        command,
        resolve,
        reject,
        signal,
        startedAt: performance.now(),
        deadline: 0,
        settled: false,
        slot: undefined,
        onAbort: undefined,
      };
      if (signal) {
        p.onAbort = () => this.abort(p);
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.waiting.push(p);
      this.pump();
    });
  }

  /** Submits waiting commands while slots are free. */
  private pump(): void {
    for (let i = 0; i < this.waiting.length && this.free.length > 0 && !this.gone; ) {
      const p = this.waiting[i]!;
      if (p.command.transfer === 'mmap' && this.mmapBusy) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.submit(p);
    }
    this.drain();
    this.ensurePolling();
  }

  private submit(p: Pending): void {
    const slot = this.free.pop()!;
    const command = p.command;
    if (command.transfer === 'mmap') {
      const view = this.host.mmapView();
      if (!view) {
        this.free.push(slot);
        this.settle(p, undefined, new CommandCanceledError('closed', command.name));
        return;
      }
      if (command.mmapSource) view.set(command.mmapSource, 0);
      this.mmapBusy = true;
    }
    const header = slot.encode(command, ++this.sequence & 0x7fffffff);
    try {
      write(this.host.fd, header, SG_IO_HDR_SIZE);
    } catch (e) {
      this.free.push(slot);
      if (command.transfer === 'mmap') this.mmapBusy = false;
      if (e instanceof SystemError && (e.code === 'ENODEV' || e.code === 'ENXIO')) {
        this.settle(p, undefined, this.deviceGone(e));
      } else this.settle(p, undefined, e);
      return;
    }
    p.slot = slot;
    p.deadline = performance.now() + command.timeoutMs + TIMEOUT_GRACE_MS;
    this.bySlot[slot.id] = p;
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
  }

  /** Reads every completion the driver has ready, without blocking. */
  private drain(): void {
    const fd = this.host.fd;
    while (this.inFlight > 0 && !this.gone) {
      let ready: number;
      try {
        ready = ioctlGetInt(fd, SG_GET_NUM_WAITING);
      } catch (e) {
        this.deviceGone(e);
        return;
      }
      if (ready === 0) return;
      for (; ready > 0; ready--) {
        try {
          read(fd, this.readHeader, SG_IO_HDR_SIZE);
        } catch (e) {
          if (e instanceof SystemError && e.code === 'EAGAIN') return;
          this.deviceGone(e);
          return;
        }
        readSgIoHdrResult(this.readHeader, 0, this.readResult);
        this.complete(this.readResult.packId);
      }
    }
  }

  private complete(slotId: number): void {
    const p = this.bySlot[slotId];
    if (!p || !p.slot) return;
    const slot = p.slot;
    this.bySlot[slotId] = undefined;
    p.slot = undefined;
    this.inFlight--;
    if (p.command.transfer === 'mmap') this.mmapBusy = false;
    if (p.settled) {
      this.discarded++;
    } else {
      const result = buildResult(p.command, this.readResult, slot.sense, p.startedAt, [], this.host.mmapView());
      this.settle(p, result, undefined);
    }
    this.free.push(slot);
    if (this.waiting.length > 0) {
      // submit more, but let the caller's continuation run first for fairness
      queueMicrotask(() => this.pump());
    }
  }

  private settle(p: Pending, result: CommandResult | undefined, error: unknown): void {
    if (p.settled) return;
    p.settled = true;
    if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
    if (error !== undefined) p.reject(error);
    else p.resolve(result!);
  }

  private abort(p: Pending): void {
    if (p.settled) return;
    const i = this.waiting.indexOf(p);
    if (i >= 0) this.waiting.splice(i, 1);
    // an in-flight command keeps its slot (and buffers) until its completion is read
    this.settle(p, undefined, new CommandCanceledError('aborted', p.command.name, { cause: p.signal?.reason }));
  }

  private ensurePolling(): void {
    if (this.polling || this.inFlight === 0 || this.gone) return;
    this.polling = this.pollOnce();
  }

  private async pollOnce(): Promise<void> {
    let revents = 0;
    let failure: unknown;
    try {
      revents = await pollOneAsync(this.host.fd, POLLIN, POLL_SLICE_MS);
    } catch (e) {
      failure = e;
    }
    this.polling = undefined;
    if (failure !== undefined) {
      this.deviceGone(failure);
      return;
    }
    if (revents & (POLLHUP | POLLERR | POLLNVAL) && !(revents & POLLIN)) {
      this.deviceGone(undefined);
      return;
    }
    this.drain();
    this.checkDeadlines();
    this.ensurePolling();
  }

  /** Rejects in-flight commands that outlived their timeout plus a grace period. */
  private checkDeadlines(): void {
    const now = performance.now();
    for (const p of this.bySlot) {
      if (p && !p.settled && now > p.deadline) {
        const result = new CommandResult({
          command: p.command.name,
          cdb: p.command.cdb,
          completion: { status: 0, senseLength: 0, hostStatus: 0x03, driverStatus: 0x06, resid: p.command.length, duration: 0, info: 0 },
          senseBytes: new Uint8Array(0),
          requested: p.command.length,
          data: undefined,
          elapsedMs: now - p.startedAt,
          retries: [],
        });
        this.settle(p, undefined, new CommandTimeoutError(result, p.command.timeoutMs));
      }
    }
  }

  /** Marks the device gone and rejects everything waiting or in flight. */
  deviceGone(cause: unknown): DeviceGoneError {
    if (!this.gone) {
      this.gone = new DeviceGoneError(this.host.path, cause instanceof Error ? cause.message : 'the driver hung up', cause === undefined ? undefined : { cause });
      for (const p of this.waiting.splice(0)) this.settle(p, undefined, this.gone);
      for (let i = 0; i < this.bySlot.length; i++) {
        const p = this.bySlot[i];
        if (p) this.settle(p, undefined, this.gone);
      }
    }
    return this.gone;
  }

  /** The error that made the device unusable, if any. */
  get goneError(): DeviceGoneError | undefined {
    return this.gone;
  }

  /** True while any command is queued or in flight. */
  get busy(): boolean {
    return this.inFlight > 0 || this.waiting.length > 0;
  }

  /**
   * Cancels waiting commands, waits (bounded by their timeouts) for in-flight
   * direct-IO commands whose pages the kernel has pinned, rejects the rest,
   * and stops polling. After it resolves the fd may be closed.
   */
  async shutdown(): Promise<void> {
    this.closing = true;
    for (const p of this.waiting.splice(0)) this.settle(p, undefined, new CommandCanceledError('closed', p.command.name));
    while (!this.gone && this.bySlot.some((p) => p?.command.transfer === 'direct')) {
      this.drain();
      if (!this.bySlot.some((p) => p?.command.transfer === 'direct')) break;
      if (this.bySlot.every((p) => !p || performance.now() > p.deadline)) break;
      this.ensurePolling();
      await (this.polling ?? new Promise((r) => setTimeout(r, 10)));
    }
    this.drain();
    for (const p of this.bySlot) if (p) this.settle(p, undefined, new CommandCanceledError('closed', p.command.name));
    if (this.polling) await this.polling;
  }
}
