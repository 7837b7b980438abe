/**
 * The io_uring transport: SCSI commands to a bsg node as IORING_OP_URING_CMD
 * entries (`struct bsg_uring_cmd` in the entry's 80-byte payload), Linux's
 * bsg passthrough handler of 2026 ("scsi: bsg: add io_uring passthrough
 * handler"). Commands submitted in the same tick reach the kernel with one
 * io_uring_enter(2); completions are read from the completion ring without a
 * system call per command: right after the submitting call (a fast device
 * has completed by then), and whenever the ring's eventfd, which the shared
 * poller watches, announces more. `submitSync` uses SG_IO, as the bsg transport does.
 *
 * The completion carries the outcome in its first extra word
 * (`io_uring_cmd_done32`): bits 0–7 the SCSI status, 8–15 the driver status
 * (DRIVER_SENSE with a CHECK CONDITION), 16–23 the host status, 24–31 the
 * sense bytes written, 32–63 the residual count; `res` is 0 or minus an
 * errno (EPERM: a command the kernel does not allow on a read-only fd).
 *
 * Fixed buffers: after {@link UringTransport.registerBuffers}, a command
 * whose data lies wholly inside one registered buffer is sent with
 * IORING_URING_CMD_FIXED and that buffer's index: the kernel pinned its pages
 * once, at registration, instead of mapping the user memory per command. The
 * entry still carries the data's real address, so a kernel that ignored the
 * flag would map the same memory.
 *
 * Memory: a slot (its sense buffer and CDB copy, and the command's data it
 * keeps referenced) belongs to the kernel from submission until its completion is
 * reaped, also when the caller's promise settled earlier (an abort, a
 * close). `close()` waits for every completion before it unmaps the ring.
 */
import { addressOf, CommandRing, ioctlPointer, IORING_URING_CMD_FIXED, SQE, SystemError, type CompletionSink } from '@sgio/libc';
import { BSG_URING_CMD, createSgIoHdrResult, hostStatusName, SG_INFO_CHECK, SG_IO, type SgIoHdrResult } from '@sgio/struct';
import { parseHctl } from '../../discovery/list-devices.js';
import { scsiDeviceRemoved } from '../../errors/device-removed.js';
import { isGoneErrno } from '../../errors/gone-errno.js';
import { CommandCanceledError, DeviceGoneError } from '../../errors/sgio-error.js';
import { buildResult } from '../../execute/build-result.js';
import { MAX_SENSE_LENGTH, type PreparedCommand } from '../../execute/prepare.js';
import { settlePrepared, type PreparedRequest } from '../../execute/prepared-request.js';
import type { CommandResult } from '../../execute/result.js';
import type { BsgPreparedTransport } from '../bsg/bsg-prepared-transport.js';
import { fillHdrCompletion, V4Slot } from '../bsg/v4-slot.js';
import { runV4Sync } from '../bsg/v4-sync.js';
import { LastBufferAddress } from '../buffer-address.js';
import { OutBounce } from '../out-bounce.js';
import { MAX_CDB_LENGTH } from '../sg-v3/request-slot.js';
import type { ScsiTransport, TransportCapabilities } from '../scsi-transport.js';
import { poller, type PollClient } from '../sg-queue/poller.js';

/** Ring entries, and so commands in the kernel at once; more wait in JS. */
export const URING_QUEUE_DEPTH = 64;

/** Flushes run as microtasks before one waits for the event loop's next turn (see #place). */
const FLUSHES_PER_TURN = 64;

/** A settled promise: a reaction on it runs the flush as a microtask. */
const SETTLED = Promise.resolve();

/** A command waiting for or in a ring entry: a plain command's promise, or a prepared request (which settles itself). */
interface Waiter {
  readonly command: PreparedCommand;
  readonly resolve: (r: CommandResult) => void;
  readonly reject: (e: unknown) => void;
  readonly signal: AbortSignal | undefined;
  /** The prepared request this waiter runs (one waiter per request, reused by each submission). */
  readonly prepared: PreparedRequest | undefined;
  onAbort: (() => void) | undefined;
  settled: boolean;
}

function noop(): void {
  // a prepared request's waiter settles through settlePrepared
}

/** One ring entry's memory: kept until the kernel's completion for it was reaped. */
class UringSlot {
  readonly sense = new Uint8Array(MAX_SENSE_LENGTH);
  readonly senseAddress = addressOf(this.sense);
  /** The entry's copy of the command's CDB, at an address taken once (not one address lookup per command). */
  readonly cdb = new Uint8Array(MAX_CDB_LENGTH);
  readonly cdbAddress = addressOf(this.cdb);
  readonly completion: SgIoHdrResult = createSgIoHdrResult();
  /** Small data to send that crosses a page boundary unaligned goes from this slot's page-aligned memory (see ../out-bounce.ts). */
  readonly bounce = new OutBounce();
  waiter: Waiter | undefined;
  /** The last data buffer and its address (see ../buffer-address.ts). */
  readonly dataAddress = new LastBufferAddress();
  constructor(readonly index: number) {}
}

/** IORING_OP_URING_CMD on one bsg fd. */
export class UringTransport implements ScsiTransport, BsgPreparedTransport, PollClient {
  readonly capabilities: TransportCapabilities;
  readonly #fd: number;
  readonly #path: string;
  /** The device's address (from the node's name), to ask sysfs whether a failed command met its removal. */
  readonly #hctl: string | undefined;
  readonly #ring: CommandRing;
  readonly #slots: UringSlot[];
  readonly #free: UringSlot[];
  readonly #waiting: Waiter[] = [];
  /** Each prepared request's waiter, made at its first submission. */
  readonly #preparedWaiters = new WeakMap<PreparedRequest, Waiter>();
  /** Slots placed in the ring and not yet consumed by the kernel, oldest first. */
  readonly #unsubmitted: UringSlot[] = [];
  readonly #syncSlot = new V4Slot();
  readonly #sink: CompletionSink;
  readonly #flushNow = (): void => this.#flush();
  readonly #newTurn = (): void => {
    this.#flushesThisTurn = 0;
  };
  #flushesThisTurn = 0;
  #inFlight = 0;
  #submitCalls = 0;
  #submitted = 0;
  #fixedCommands = 0;
  /** Start and end addresses of the registered buffers, by index (empty: none registered). */
  #fixedStarts: bigint[] = [];
  #fixedEnds: bigint[] = [];
  #flushQueued = false;
  #watching = false;
  #closing: Promise<void> | undefined;
  #drained: (() => void) | undefined;
  #gone: DeviceGoneError | undefined;

  /**
   * @param fd the bsg node's fd (owned by the device)
   * @throws {SystemError} when the ring cannot be set up (see `CommandRing.open`)
   */
  constructor(fd: number, path: string, readOnly: boolean, depth = URING_QUEUE_DEPTH) {
    this.#fd = fd;
    this.#path = path;
    const name = path.slice(path.lastIndexOf('/') + 1);
    this.#hctl = parseHctl(name) ? name : undefined;
    this.#ring = CommandRing.open({ entries: depth });
    this.#slots = Array.from({ length: this.#ring.entries }, (_, i) => new UringSlot(i));
    this.#free = [...this.#slots].reverse();
    this.capabilities = Object.freeze({ kind: 'bsg-uring', queueDepth: this.#ring.entries, mmap: false, directIo: true, readOnly, abortWhileQueued: true });
    this.#sink = (index, res, low, high) => this.#complete(index, res, low, high);
  }

  /** The error that made the device unusable, if any. */
  get gone(): DeviceGoneError | undefined {
    return this.#gone;
  }

  /** Commands in the kernel now (for tests and stats). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * io_uring_enter calls that submitted commands, the commands they carried
   * (a batch is one call), and the commands sent with a registered buffer.
   */
  stats(): { readonly submitCalls: number; readonly commands: number; readonly fixedBufferCommands: number } {
    return { submitCalls: this.#submitCalls, commands: this.#submitted, fixedBufferCommands: this.#fixedCommands };
  }

  /**
   * Registers `buffers` with the ring (once per transport; see the module
   * comment). The transport keeps them referenced until it is closed.
   * @throws {RangeError} for no buffer, more than 1024, an empty one or one over 1 GiB
   * @throws {SystemError} from io_uring_register: EBUSY (registered already), ENOMEM (over RLIMIT_MEMLOCK)
   */
  registerBuffers(buffers: readonly Uint8Array[]): void {
    if (this.#closing) throw new CommandCanceledError('closed', 'register buffers');
    this.#ring.registerBuffers(buffers);
    this.#fixedStarts = buffers.map((b) => addressOf(b));
    this.#fixedEnds = buffers.map((b, i) => this.#fixedStarts[i]! + BigInt(b.byteLength));
  }

  /** The index of the registered buffer that holds `length` bytes at `address`, or -1. */
  #fixedIndex(address: bigint, length: number): number {
    const end = address + BigInt(length);
    for (let i = 0; i < this.#fixedStarts.length; i++) if (address >= this.#fixedStarts[i]! && end <= this.#fixedEnds[i]!) return i;
    return -1;
  }

  /** The transport's state, for diagnosing a stall: what is in flight, waiting, queued in the ring, posted and not reaped. */
  state(): { readonly inFlight: number; readonly waiting: number; readonly freeSlots: number; readonly unsubmitted: number; readonly ringQueued: number; readonly completionsWaiting: number; readonly watching: boolean } {
    return {
      inFlight: this.#inFlight,
      waiting: this.#waiting.length,
      freeSlots: this.#free.length,
      unsubmitted: this.#unsubmitted.length,
      ringQueued: this.#ring.closed ? 0 : this.#ring.queued,
      completionsWaiting: this.#ring.closed ? 0 : this.#ring.completionsWaiting,
      watching: this.#watching,
    };
  }

  #deviceGone(cause: unknown): DeviceGoneError {
    this.#gone ??= new DeviceGoneError(this.#path, '', { cause });
    return this.#gone;
  }

  submitSync(command: PreparedCommand): CommandResult {
    if (this.#closing) throw new CommandCanceledError('closed', command.name);
    if (this.#gone) throw this.#gone;
    try {
      return runV4Sync(this.#fd, this.#syncSlot, command);
    } catch (e) {
      throw isGoneErrno(e) ? this.#deviceGone(e) : e;
    }
  }

  submit(command: PreparedCommand, signal?: AbortSignal): Promise<CommandResult> {
    if (this.#closing) return Promise.reject(new CommandCanceledError('closed', command.name));
    if (this.#gone) return Promise.reject(this.#gone);
    if (signal?.aborted) return Promise.reject(new CommandCanceledError('aborted', command.name, { cause: signal.reason }));
    return new Promise<CommandResult>((resolve, reject) => {
      const waiter: Waiter = { command, resolve, reject, signal, prepared: undefined, onAbort: undefined, settled: false };
      if (signal) {
        waiter.onAbort = () => this.#abort(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      const slot = this.#free.pop();
      if (slot) this.#place(slot, waiter);
      else this.#waiting.push(waiter);
    });
  }

  runPrepared(header: Uint8Array): void {
    // the request's run() checked the device (open, not gone) just before
    try {
      ioctlPointer(this.#fd, SG_IO, header);
    } catch (e) {
      throw isGoneErrno(e) ? this.#deviceGone(e) : e;
    }
  }

  submitPrepared(request: PreparedRequest): void {
    const refused = this.#closing ? new CommandCanceledError('closed', request.command.name) : this.#gone;
    if (refused) {
      settlePrepared(request, refused);
      return;
    }
    let waiter = this.#preparedWaiters.get(request);
    if (!waiter) {
      waiter = { command: request.command, resolve: noop, reject: noop, signal: undefined, prepared: request, onAbort: undefined, settled: false };
      this.#preparedWaiters.set(request, waiter);
    }
    // the request is not reissued before it settled, and it settles only once its entry's completion was reaped
    waiter.settled = false;
    const slot = this.#free.pop();
    if (slot) this.#place(slot, waiter);
    else this.#waiting.push(waiter);
  }

  /** Writes `waiter`'s command into a ring entry; it reaches the kernel at the next flush. */
  #place(slot: UringSlot, waiter: Waiter): void {
    const { command } = waiter;
    let address: bigint;
    try {
      // what can fail comes before an entry is claimed: a claimed entry always carries its command to the kernel
      const own = command.data !== undefined && command.length > 0 ? slot.dataAddress.of(command.data) : 0n;
      // what the kernel reads: the data itself, or a page-aligned copy of a small buffer to send that crosses a page unaligned
      address = command.direction === 'out' && own !== 0n ? slot.bounce.addressFor(command.data!, command.length, own) : own;
      slot.cdb.set(command.cdb);
    } catch (e) {
      this.#settle(waiter, undefined, e);
      // none of this ring's commands may be in the kernel to free another slot
      this.#release(slot);
      return;
    }
    const offset = this.#ring.prepare(this.#fd, slot.index);
    if (offset < 0) {
      // cannot happen while slots and entries are one to one; keep the command rather than lose it
      this.#free.push(slot);
      this.#waiting.unshift(waiter);
      return;
    }
    const sqes = this.#ring.sqes;
    const at = offset + SQE.cmd;
    sqes.setBigUint64(at + BSG_URING_CMD.request, slot.cdbAddress, true);
    sqes.setUint32(at + BSG_URING_CMD.requestLen, command.cdb.length, true);
    sqes.setUint32(at + BSG_URING_CMD.maxResponseLen, command.senseLength, true);
    sqes.setBigUint64(at + BSG_URING_CMD.response, command.senseLength > 0 ? slot.senseAddress : 0n, true);
    if (command.direction === 'out') {
      sqes.setBigUint64(at + BSG_URING_CMD.doutXferp, address, true);
      sqes.setUint32(at + BSG_URING_CMD.doutXferLen, command.length, true);
    } else if (command.direction === 'in') {
      sqes.setBigUint64(at + BSG_URING_CMD.dinXferp, address, true);
      sqes.setUint32(at + BSG_URING_CMD.dinXferLen, command.length, true);
    }
    sqes.setUint32(at + BSG_URING_CMD.timeoutMs, command.timeoutMs, true);
    if (this.#fixedStarts.length > 0 && address !== 0n) {
      const index = this.#fixedIndex(address, command.length);
      if (index >= 0) {
        sqes.setUint32(offset + SQE.uringCmdFlags, IORING_URING_CMD_FIXED, true);
        sqes.setUint16(offset + SQE.bufIndex, index, true);
        this.#fixedCommands++;
      }
    }
    slot.waiter = waiter;
    this.#inFlight++;
    this.#unsubmitted.push(slot);
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      // a flush settles fast commands itself (see #flush): a caller that submits again from its continuation
      // runs the next flush as a microtask too, so after FLUSHES_PER_TURN of them the next one waits for
      // the event loop's next turn, and timers and I/O get their turn
      if (this.#flushesThisTurn++ === 0) setImmediate(this.#newTurn);
      // a reaction on a settled promise rather than queueMicrotask, which wraps each callback in an async
      // resource: 0.2-0.3 us a command at QD1 in the lab (about 3%)
      if (this.#flushesThisTurn <= FLUSHES_PER_TURN) void SETTLED.then(this.#flushNow);
      else setImmediate(this.#flushNow);
    }
  }

  /** Submits what was placed since the last flush with one io_uring_enter. */
  #flush(): void {
    this.#flushQueued = false;
    if (this.#ring.closed) return;
    try {
      const consumed = this.#ring.submit();
      this.#submitCalls++;
      this.#submitted += consumed;
      // usually all of them: emptying the list in place allocates nothing (splice returns a new array)
      if (consumed >= this.#unsubmitted.length) this.#unsubmitted.length = 0;
      else this.#unsubmitted.splice(0, consumed);
    } catch (e) {
      // the ring itself failed: the kernel consumed none of these entries. They leave the ring (left there, the next
      // submit would send them, pointing at memory these commands no longer hold), their commands fail, their slots are free
      this.#ring.discardQueued();
      for (const slot of this.#unsubmitted.splice(0)) {
        const waiter = slot.waiter!;
        slot.waiter = undefined;
        this.#inFlight--;
        this.#settle(waiter, undefined, e);
        this.#free.push(slot);
      }
    }
    // a fast device completes during the call: the kernel posts the completion (task work) before
    // io_uring_enter returns, so reading the ring now settles it without a round trip through the poller
    this.#ring.reap(this.#sink);
    this.#watch();
  }

  /** With commands in flight, makes sure the poller watches the eventfd; with none, tells a waiting close(). */
  #watch(): void {
    if (this.#inFlight === 0) {
      this.#drained?.();
      return;
    }
    if (this.#watching) return;
    this.#watching = true;
    poller.want(this.#ring.eventFd, this);
  }

  /** The poller's call: reap every completion posted, start waiting commands, and watch again while any is in flight. */
  onPoll(): void {
    this.#watching = false;
    if (this.#ring.closed) return;
    try {
      this.#ring.clearEvent();
      this.#ring.reap(this.#sink);
      // entries the kernel could not take (EAGAIN, EBUSY) go again: after completions freed resources, or after the
      // poller's slice when none of this ring's commands is in the kernel (the poller calls back every POLL_SLICE_MS)
      if (this.#ring.queued > 0) this.#flush();
    } finally {
      // whatever happened above, commands still in flight keep a watcher (and a close() waiting for none hears of it)
      this.#watch();
    }
  }

  #complete(index: number, res: number, low: number, high: number): void {
    const slot = this.#slots[index];
    if (!slot?.waiter) return;
    const waiter = slot.waiter;
    slot.waiter = undefined;
    this.#inFlight--;
    if (res < 0) {
      const error = new SystemError(-res, 'io_uring URING_CMD', { path: this.#path });
      this.#settle(waiter, undefined, isGoneErrno(error) ? this.#deviceGone(error) : error);
    } else if (((low >>> 16) & 0xff) !== 0 && this.#hctl !== undefined && scsiDeviceRemoved(this.#hctl)) {
      // a command that the device's removal cut short ends with a host status, not ENODEV as on sg: it is gone
      this.#settle(waiter, undefined, this.#deviceGone(new Error(`a command ended with host status ${hostStatusName((low >>> 16) & 0xff)} as the device was being removed`)));
    } else {
      const status = low & 0xff;
      const driverStatus = (low >>> 8) & 0xff;
      const hostStatus = (low >>> 16) & 0xff;
      // no duration: bsg's SG_IO leaves sg_io_v4's unset too (and a clock read per command costs); info CHECK as that SG_IO sets it
      const info = status !== 0 || hostStatus !== 0 || driverStatus !== 0 ? SG_INFO_CHECK : 0;
      const c = fillHdrCompletion(slot.completion, status, hostStatus, driverStatus, (low >>> 24) & 0xff, high | 0, 0, info);
      if (!waiter.settled) {
        let result: CommandResult | undefined;
        let error: unknown;
        try {
          // a prepared request takes the completion into its reused status (and throws its typed error)
          if (waiter.prepared) waiter.prepared.complete(c, slot.sense, undefined);
          else result = buildResult(waiter.command, c, slot.sense, undefined, undefined, undefined);
        } catch (e) {
          error = e;
        }
        this.#settle(waiter, result, error);
      }
    }
    // the slot is free only now: the kernel is done with the command's memory
    this.#release(slot);
  }

  /** A free slot goes to the next command waiting, or back to the free list. */
  #release(slot: UringSlot): void {
    const next = this.#nextWaiter();
    if (next) this.#place(slot, next);
    else this.#free.push(slot);
  }

  #nextWaiter(): Waiter | undefined {
    if (this.#closing || this.#gone) {
      for (const w of this.#waiting.splice(0)) this.#settle(w, undefined, this.#gone ?? new CommandCanceledError('closed', w.command.name));
      return undefined;
    }
    return this.#waiting.shift();
  }

  #settle(waiter: Waiter, result: CommandResult | undefined, error: unknown): void {
    if (waiter.settled) return;
    waiter.settled = true;
    if (waiter.prepared) {
      settlePrepared(waiter.prepared, error);
      return;
    }
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    if (result) waiter.resolve(result);
    else waiter.reject(error);
  }

  /** An abort: a command waiting in JS is withdrawn; one in the kernel settles now and keeps its slot until it completes. */
  #abort(waiter: Waiter): void {
    const at = this.#waiting.indexOf(waiter);
    if (at >= 0) this.#waiting.splice(at, 1);
    this.#settle(waiter, undefined, new CommandCanceledError('aborted', waiter.command.name, { cause: waiter.signal?.reason }));
  }

  /**
   * Takes no more commands, cancels those waiting in JS, and resolves once
   * every command in the kernel has completed (they keep their results);
   * then unmaps the ring. The device closes the fd afterwards.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const w of this.#waiting.splice(0)) this.#settle(w, undefined, new CommandCanceledError('closed', w.command.name));
      if (this.#inFlight > 0) {
        await new Promise<void>((resolve) => {
          this.#drained = resolve;
          this.#watch();
        });
      }
      await poller.remove(this.#ring.eventFd);
      this.#ring.close();
    })();
    return this.#closing;
  }
}
