/**
 * The sg v3 asynchronous interface for one file descriptor: commands are
 * `write()`n as headers and their completions `read()` back. Up to 16 are
 * outstanding (the driver's limit); a JS-side queue holds the rest.
 *
 * Completions reach the event loop without blocking it. After submitting, the
 * queue reads whatever is already complete with a non-blocking, non-throwing
 * read (fast devices answer before `write()` returns). While commands remain
 * outstanding and nothing is ready, one `poll()` runs on the libc worker pool
 * and wakes the queue when the driver has completions (or the device hangs
 * up). At most {@link BURST} completions are delivered in one macrotask turn;
 * then the queue yields with `setImmediate`, so timers and I/O callbacks keep
 * running even when every command completes at once.
 *
 * Memory the kernel may still use (header, CDB, sense, data) stays referenced
 * by the request slot until its completion has been read, whatever happens to
 * the promise (abort, timeout, close): a slot (and its pack_id) is reused only
 * after the completion of its previous command was read, so a late completion
 * is discarded and never delivered to a later command.
 *
 * The hot path reads no clock: the JS-side safety deadline of a command is
 * stamped when a poll first sees it outstanding.
 */
import { EAGAIN, Errno, POLLERR, POLLHUP, POLLIN, POLLNVAL, SystemError, errnoName, tryRead, tryWrite } from '@sgio/libc';
import { DriverStatus, HostStatus, SG_IO_HDR_SIZE, SG_MAX_QUEUE, createSgIoHdrResult, readSgIoHdrResult } from '@sgio/struct';
import { sgDetaching } from '../sg-v3/detaching.js';
import type { QueueStats } from '../sg-v3/queue-stats.js';
import { RequestSlot } from '../sg-v3/request-slot.js';
import { CommandCanceledError, DeviceGoneError, TransferModeError } from '../../errors/sgio-error.js';
import { CommandTimeoutError } from '../../errors/scsi-errors.js';
import { buildResult } from '../../execute/build-result.js';
import type { PreparedCommand } from '../../execute/prepare.js';
import type { PreparedRequest } from '../../execute/prepared-request.js';
import { CommandResult } from '../../execute/result.js';
import { Fifo } from '../../util/fifo.js';
import { poller, type PollClient } from './poller.js';

/**
 * Direct-IO commands a closed queue gave up waiting for (see shutdown()): the
 * device may still write into their pinned pages, so their buffers are never
 * released.
 */
const strandedDirectIo = new Set<unknown>();

/** Grace after a command's own timeout before the JS side gives up on it (ms). */
const TIMEOUT_GRACE_MS = 5_000;
/** Completions delivered in one macrotask turn before the queue yields to the event loop. */
export const BURST = 32;

const { EINTR, EBUSY, ENOMEM } = Errno;
const GONE_ERRNOS = new Set([19 /* ENODEV */, 6 /* ENXIO */, 5 /* EIO */, 32 /* EPIPE */, 108 /* ESHUTDOWN */]);

interface Pending {
  readonly command: PreparedCommand;
  readonly resolve: (r: CommandResult) => void;
  reject: (e: unknown) => void;
  /** A prepared request (settled through it, with its reused status; this entry is reused too). */
  readonly prepared: PreparedRequest | undefined;
  readonly signal: AbortSignal | undefined;
  /** JS-side deadline (performance.now() ms); 0 until a poll first sees the command outstanding. */
  deadline: number;
  /** True while in flight and the driver may have lent it the reserved buffer. */
  holdsReserve: boolean;
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
  /** The mapped reserved buffer's view, when mapped and open. */
  mmapView(): Uint8Array | undefined;
  /** The fd's reserved buffer size in bytes (cached by the device). */
  reservedSize(): number;
}

/** The async submission queue of one sg file descriptor. */
export class AsyncQueue implements PollClient {
  private readonly free: RequestSlot[];
  private readonly waiting = new Fifo<Pending>();
  private readonly waitingMmap = new Fifo<Pending>();
  private readonly bySlot: (Pending | undefined)[];
  private readonly readHeader = new Uint8Array(SG_IO_HDR_SIZE);
  private readonly readResult = createSgIoHdrResult();
  private readonly probeCell = new Uint8Array(4);
  /** Reused queue entries of prepared requests. */
  private readonly entries = new WeakMap<PreparedRequest, Pending>();
  private inFlight = 0;
  /** In-flight commands that may hold the fd's reserved buffer (the driver lends it to any fitting request). */
  private reserveHolders = 0;
  private mmapInFlight = false;
  /** True while the shared poller watches this fd for us. */
  private polling = false;
  /** Resolved by the next poll callback (close waits on it for direct IO). */
  private pollWaiter: (() => void) | undefined;
  private turn: NodeJS.Immediate | undefined;
  private burst = 0;
  private pumping = false;
  private repump = false;
  /** Set by a poll wake-up or a new turn: read completions even if nothing new was submitted. */
  private wake = false;
  private sequence = 0;
  private gone: DeviceGoneError | undefined;
  private closing = false;
  private closed = false;
  private maxInFlight = 0;
  private discarded = 0;
  private submitted = 0;
  private polls = 0;
  private yields = 0;

  constructor(
    private readonly host: QueueHost,
    depth = SG_MAX_QUEUE,
  ) {
    this.free = Array.from({ length: depth }, (_, i) => new RequestSlot(depth - 1 - i));
    this.bySlot = new Array<Pending | undefined>(depth).fill(undefined);
  }

  /** Current counters. */
  stats(): QueueStats {
    return {
      inFlight: this.inFlight,
      waiting: this.waiting.length + this.waitingMmap.length,
      maxInFlight: this.maxInFlight,
      discarded: this.discarded,
      submitted: this.submitted,
      polls: this.polls,
      yields: this.yields,
    };
  }

  /** True while an in-flight command may hold the reserved buffer (an mmap-ed command would get EBUSY). */
  get reserveBusy(): boolean {
    return this.reserveHolders > 0;
  }

  /** Queues a prepared command; resolves with its result (never throws SCSI errors itself). */
  run(command: PreparedCommand, signal: AbortSignal | undefined): Promise<CommandResult> {
    if (this.gone) return Promise.reject(this.gone);
    if (this.closing) return Promise.reject(new CommandCanceledError('closed', command.name));
    if (signal?.aborted) return Promise.reject(new CommandCanceledError('aborted', command.name, { cause: signal.reason }));
    return new Promise<CommandResult>((resolve, reject) => {
      const p: Pending = { command, resolve, reject, prepared: undefined, signal, deadline: 0, holdsReserve: false, settled: false, slot: undefined, onAbort: undefined };
      if (signal) {
        p.onAbort = () => this.abort(p);
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      (command.transfer === 'mmap' ? this.waitingMmap : this.waiting).push(p);
      this.pump();
    });
  }

  /** Submits waiting commands while slots are free, reads ready completions, and arranges to hear of the rest. */
  private pump(): void {
    if (this.pumping) {
      this.repump = true;
      return;
    }
    this.pumping = true;
    let budgetLeft = true;
    try {
      do {
        this.repump = false;
        // read completions right after submitting (fast devices are done by then); when nothing could be
        // submitted, leave them to the poll or the next turn rather than pay a read per queued command
        if (this.submitWaiting() > 0 || this.wake) budgetLeft = this.drain();
        this.wake = false;
      } while (this.repump && budgetLeft && !this.gone && !this.closed);
    } finally {
      this.pumping = false;
    }
    if (this.gone || this.closed) return;
    if (!budgetLeft) this.yieldTurn();
    else this.ensurePolling();
  }

  /**
   * Queues a prepared request whose `resolve`/`reject` are set; it settles
   * with the request's reused status. The queue entry is made once per
   * request and reused, so a steady stream of submissions allocates only
   * the promise.
   */
  runPrepared(request: PreparedRequest): void {
    let p = this.entries.get(request);
    // an entry whose earlier submission timed out is still in the driver: it keeps its slot, the new one gets a fresh entry
    if (!p || p.slot) {
      p = { command: request.command, resolve: noop, reject: noop, prepared: request, signal: undefined, deadline: 0, holdsReserve: false, settled: false, slot: undefined, onAbort: undefined };
      this.entries.set(request, p);
    }
    p.settled = false;
    p.deadline = 0;
    if (this.gone || this.closing) {
      this.settle(p, undefined, this.gone ?? new CommandCanceledError('closed', request.command.name));
      return;
    }
    (request.command.transfer === 'mmap' ? this.waitingMmap : this.waiting).push(p);
    this.pump();
  }

  /** Submits what can go now; returns how many commands were written. */
  private submitWaiting(): number {
    const reserved = this.host.reservedSize();
    const before = this.submitted;
    while (this.free.length > 0 && !this.gone) {
      // an mmap-ed command goes first once nothing can hold the reserved buffer
      if (this.waitingMmap.length > 0 && !this.mmapInFlight && this.reserveHolders === 0) {
        this.submit(this.waitingMmap.shift()!, reserved);
        continue;
      }
      const next = this.waiting.peek();
      if (!next) break;
      // hold back commands the driver would lend the reserved buffer to while an mmap-ed one waits for it
      if (this.waitingMmap.length > 0 && !this.mmapInFlight && mayHoldReserve(next.command, reserved)) break;
      this.submit(this.waiting.shift()!, reserved);
    }
    return this.submitted - before;
  }

  private submit(p: Pending, reserved: number): void {
    if (p.settled) return; // aborted while waiting
    const command = p.command;
    const isMmap = command.transfer === 'mmap';
    if (isMmap) {
      const view = this.host.mmapView();
      if (!view) {
        this.settle(p, undefined, new TransferModeError(`${command.name}: the reserved-buffer mapping was closed before the command could run; map it again with mapReservedBuffer().`, 'ERR_MMAP_CLOSED'));
        return;
      }
      if (view.length < command.length) {
        this.settle(p, undefined, new TransferModeError(`${command.name}: transfers ${command.length} bytes but the mapping is ${view.length} bytes long now.`, 'ERR_MMAP_TOO_SHORT'));
        return;
      }
      const src = command.mmapSource;
      // data already in the mapping (a prepared request's own view of it) needs no copy
      if (src && (src.buffer !== view.buffer || src.byteOffset !== view.byteOffset)) view.set(src, 0);
    }
    const slot = this.free.pop()!;
    let header: Uint8Array;
    try {
      header = slot.encode(command, (this.sequence = (this.sequence + 1) & 0x7fffffff));
    } catch (e) {
      this.free.push(slot);
      this.settle(p, undefined, e);
      return;
    }
    const n = tryWrite(this.host.fd, header, SG_IO_HDR_SIZE);
    if (n < 0) {
      this.free.push(slot);
      const errno = -n;
      if (GONE_ERRNOS.has(errno)) {
        this.settle(p, undefined, this.deviceGone(new SystemError(errno, 'write', { fd: this.host.fd, path: this.host.path })));
      } else if (isMmap && (errno === EBUSY || errno === ENOMEM)) {
        this.settle(
          p,
          undefined,
          new TransferModeError(
            errno === EBUSY
              ? `${command.name}: the driver refused mmap IO (EBUSY): another request on this fd holds the reserved buffer (another process sharing the fd?). Retry later, or use SgLanes for concurrent mmap-ed IO.`
              : `${command.name}: the driver refused mmap IO (ENOMEM): the transfer is larger than the reserved buffer.`,
            'ERR_RESERVED_BUSY',
            { cause: new SystemError(errno, 'write', { fd: this.host.fd }) },
          ),
        );
      } else {
        this.settle(p, undefined, new SystemError(errno, 'write', { fd: this.host.fd, path: this.host.path, detail: `submitting ${command.name}` }));
      }
      return;
    }
    p.slot = slot;
    this.bySlot[slot.id] = p;
    this.submitted++;
    if (++this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    if (isMmap) this.mmapInFlight = true;
    if (isMmap || mayHoldReserve(command, reserved)) {
      p.holdsReserve = true;
      this.reserveHolders++;
    }
  }

  /**
   * Reads every completion the driver has ready, without blocking. Returns
   * false when the turn's burst budget ran out with commands still in flight.
   */
  private drain(evenIfGone = false): boolean {
    const fd = this.host.fd;
    while (this.inFlight > 0 && (evenIfGone || !this.gone) && !this.closed) {
      if (this.burst >= BURST) return false;
      const n = tryRead(fd, this.readHeader, SG_IO_HDR_SIZE);
      if (n < 0) {
        if (n === -EAGAIN) return true;
        if (n === -EINTR) continue;
        this.deviceGone(new SystemError(-n, 'read', { fd, path: this.host.path }));
        return true;
      }
      this.burst++;
      readSgIoHdrResult(this.readHeader, 0, this.readResult);
      this.complete(this.readResult.packId);
    }
    return true;
  }

  private complete(slotId: number): void {
    const p = this.bySlot[slotId];
    if (!p || !p.slot) return;
    const slot = p.slot;
    this.bySlot[slotId] = undefined;
    p.slot = undefined;
    this.inFlight--;
    const command = p.command;
    if (command.transfer === 'mmap') this.mmapInFlight = false;
    if (p.holdsReserve) {
      p.holdsReserve = false;
      this.reserveHolders--;
    }
    try {
      if (p.settled) {
        this.discarded++;
        if (p.prepared) p.prepared.heldByKernel = false;
      } else if (this.readResult.hostStatus !== HostStatus.DID_OK && this.detached()) {
        // a command caught by the device's removal ends in a transport error (DID_ERROR, DID_NO_CONNECT): say the device is gone
        this.settle(p, undefined, this.deviceGone(new SystemError(19, 'read', { fd: this.host.fd, path: this.host.path, detail: `${command.name} ended in a transport error while the device was being removed` })));
      } else if (this.closing) {
        this.settle(p, undefined, new CommandCanceledError('closed', command.name));
      } else if (p.prepared) {
        let error: unknown;
        try {
          p.prepared.complete(this.readResult, slot.sense, command.transfer === 'mmap' ? this.host.mmapView() : undefined);
        } catch (e) {
          error = e;
        }
        this.settle(p, undefined, error);
      } else {
        const result = buildResult(command, this.readResult, slot.sense, undefined, undefined, command.transfer === 'mmap' ? this.host.mmapView() : undefined);
        this.settle(p, result, undefined);
      }
    } catch (e) {
      // building the result failed (it never should): the caller gets the error rather than a promise that never settles
      this.settle(p, undefined, e);
    } finally {
      this.free.push(slot);
      if (this.waiting.length > 0 || this.waitingMmap.length > 0) this.repump = true;
    }
  }

  /** True when the driver says the device is being removed (SG_EMULATED_HOST answers ENODEV once it is detaching). */
  detached(): boolean {
    return sgDetaching(this.host.fd, this.probeCell);
  }

  private settle(p: Pending, result: CommandResult | undefined, error: unknown): void {
    if (p.settled) return;
    p.settled = true;
    if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
    const prepared = p.prepared;
    if (prepared) {
      // settled while the driver still holds it (a JS-side timeout): the request may not run again until the
      // completion is read (complete()), since the driver would still write that run's data into its buffer
      if (p.slot) prepared.heldByKernel = true;
      // the request may be submitted again from the settle callbacks
      prepared.inFlight = false;
      if (error !== undefined) prepared.reject!(error);
      else prepared.resolve!(prepared.status);
      return;
    }
    if (error !== undefined) p.reject(error);
    else p.resolve(result!);
  }

  private abort(p: Pending): void {
    if (p.settled) return;
    // a waiting command is skipped when its turn comes; an in-flight one keeps its slot (and buffers) until its completion is read
    this.settle(p, undefined, new CommandCanceledError('aborted', p.command.name, { cause: p.signal?.reason }));
  }

  /** Ends the current burst: the next completions are read in a later macrotask turn. */
  private yieldTurn(): void {
    if (this.turn) return;
    this.yields++;
    this.turn = setImmediate(() => {
      this.turn = undefined;
      this.burst = 0;
      this.wake = true;
      this.pump();
    });
  }

  private ensurePolling(): void {
    if (this.polling || this.inFlight === 0 || this.gone || (this.turn && !this.closing)) return;
    this.polling = true;
    this.polls++;
    poller.want(this.host.fd, this);
  }

  /** The shared poller's callback: completions are ready (POLLIN), the device hung up, or a slice passed (0). */
  onPoll(revents: number): void {
    this.polling = false;
    const waiter = this.pollWaiter;
    this.pollWaiter = undefined;
    waiter?.();
    if (this.closed || this.gone) return;
    if (revents & (POLLHUP | POLLERR | POLLNVAL) && !(revents & POLLIN)) {
      this.deviceGone(undefined);
      return;
    }
    this.burst = 0;
    if (revents === 0) this.checkDeadlines();
    this.wake = true;
    this.pump();
  }

  /** Rejects in-flight commands that outlived their timeout plus a grace period; stamps new ones. */
  private checkDeadlines(): void {
    let now = -1;
    for (const p of this.bySlot) {
      if (!p || p.settled) continue;
      if (now < 0) now = performance.now();
      if (p.deadline === 0) p.deadline = now + p.command.timeoutMs + TIMEOUT_GRACE_MS;
      else if (now > p.deadline) {
        const result = new CommandResult({
          command: p.command.name,
          cdb: p.command.cdb,
          completion: { status: 0, senseLength: 0, hostStatus: HostStatus.DID_TIME_OUT, driverStatus: DriverStatus.DRIVER_TIMEOUT, resid: p.command.length, duration: 0, info: 0 },
          senseBytes: new Uint8Array(0),
          requested: p.command.length,
          data: undefined,
          elapsedMs: undefined,
          retries: [],
          requestedTransfer: p.command.transfer,
        });
        this.settle(p, undefined, new CommandTimeoutError(result, p.command.timeoutMs, 'sgio'));
      }
    }
  }

  /** Marks the device gone and rejects everything waiting or in flight. */
  deviceGone(cause: unknown): DeviceGoneError {
    if (!this.gone) {
      const detail = cause instanceof SystemError ? `${cause.syscall} failed with ${errnoName(cause.errno)}` : cause instanceof Error ? cause.message : 'the driver hung up (POLLHUP)';
      this.gone = new DeviceGoneError(this.host.path, detail, cause === undefined ? undefined : { cause });
      for (let p = this.waiting.shift(); p; p = this.waiting.shift()) this.settle(p, undefined, this.gone);
      for (let p = this.waitingMmap.shift(); p; p = this.waitingMmap.shift()) this.settle(p, undefined, this.gone);
      for (const p of this.bySlot) if (p) this.settle(p, undefined, this.gone);
    }
    return this.gone;
  }

  /** The error that made the device unusable, if any. */
  get goneError(): DeviceGoneError | undefined {
    return this.gone;
  }

  /** True while any command is queued or in flight. */
  get busy(): boolean {
    return this.inFlight > 0 || this.waiting.length > 0 || this.waitingMmap.length > 0;
  }

  /**
   * Cancels waiting commands; waits (bounded by their timeouts) for in-flight
   * direct-IO commands, whose pages the kernel has pinned and may still write,
   * also when the device is gone (one still held past that bound keeps its
   * memory for the life of the process); then rejects every in-flight command with a canceled error and stops
   * polling. The data of indirect and mmap-ed commands is copied to user
   * memory only when their completion is read, which never happens after
   * this, so their buffers are safe to release at once. After it resolves the
   * fd may be closed.
   */
  async shutdown(): Promise<void> {
    this.closing = true;
    const canceled = (p: Pending): void => this.settle(p, undefined, new CommandCanceledError('closed', p.command.name));
    for (let p = this.waiting.shift(); p; p = this.waiting.shift()) canceled(p);
    for (let p = this.waitingMmap.shift(); p; p = this.waitingMmap.shift()) canceled(p);
    const directInFlight = (): boolean => this.bySlot.some((p) => p?.command.transfer === 'direct');
    for (const p of this.bySlot) if (p && p.command.transfer !== 'direct') canceled(p);
    if (directInFlight()) {
      // completions read from now on are reported as canceled (see complete()). A gone queue waits too: a device
      // being removed still completes (or fails) the commands it holds, writing into their pages, and sg's read()
      // hands them over until then; its fd polls as hung up, so a 10 ms timer paces the reads instead
      const until = performance.now() + Math.max(...this.bySlot.map((p) => (p ? p.command.timeoutMs : 0))) + TIMEOUT_GRACE_MS;
      while (directInFlight() && performance.now() < until) {
        this.burst = 0;
        this.drain(true);
        if (!directInFlight()) break;
        await new Promise<void>((resolve) => {
          this.pollWaiter = resolve;
          this.ensurePolling();
          if (!this.polling) setTimeout(resolve, 10);
        });
      }
      // still in the kernel past their timeout and grace (its error handling can take longer): their memory stays
      // referenced for the life of the process rather than be reused while the device may still write into it
      for (const p of this.bySlot) if (p && p.command.transfer === 'direct') strandedDirectIo.add(p);
    }
    this.closed = true;
    for (const p of this.bySlot) if (p) canceled(p);
    if (this.turn) clearImmediate(this.turn);
    this.turn = undefined;
    this.polling = false;
    await poller.remove(this.host.fd);
  }
}

function noop(): void {
  // placeholder callback of a reused queue entry
}

/** True when the driver may lend the fd's reserved buffer to this (non-mmap) command. */
function mayHoldReserve(command: PreparedCommand, reserved: number): boolean {
  return command.transfer !== 'mmap' && command.length > 0 && command.length <= reserved;
}
