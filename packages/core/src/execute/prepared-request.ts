/**
 * Prepared requests: a command whose kernel header (sg_io_hdr on an sg node,
 * sg_io_v4 on a bsg node), CDB, sense buffer and data buffer are built once
 * and re-issued many times, for hot loops (dd-style
 * copies, IOPS loops). Running one allocates nothing in steady state: the
 * header keeps its pointers, the caller updates the CDB bytes in place, and
 * the completion lands in one reused {@link RequestStatus}.
 */
import { isCleanCompletion, type SgIoHdrResult } from '@sgio/struct';
import { notifyListeners, type CommandListener } from '../device/command-event.js';
import type { ScsiError } from '../errors/scsi-errors.js';
import { RequestInKernelError } from '../errors/sgio-error.js';
import { buildResult } from './build-result.js';
import { errorFor } from './outcome.js';
import type { PreparedHeader } from './prepared-header.js';
import type { PreparedCommand } from './prepare.js';
import type { CommandResult } from './result.js';

/** The completion of the last run of a prepared request (one object, reused by every run). */
export interface RequestStatus {
  /** SCSI status byte. */
  status: number;
  /** host_status (DID_*). */
  hostStatus: number;
  /** driver_status. */
  driverStatus: number;
  /** Residual count (bytes not transferred). */
  residual: number;
  /** Driver-measured duration in milliseconds. */
  durationMs: number;
  /** The sg_io_hdr `info` bits (direct IO done or not). */
  info: number;
  /** Bytes transferred (`length - residual`, never negative). */
  transferred: number;
}

/** What a prepared request needs from its device (internal to @sgio/core). */
export interface PreparedHost {
  /** Checks the device is usable and returns its fd (throws when closed or gone). */
  syncFd(): number;
  /** For mmap IO before a synchronous run: the mapping view, checked (open, long enough, reserved buffer free). */
  mmapViewForSync(command: PreparedCommand): Uint8Array;
  /** Runs SG_IO with `header`; throws the typed error for a failed call. */
  ioctl(fd: number, header: Uint8Array, command: PreparedCommand): void;
  /** Queues the request on the device's async transport, which settles it with {@link settlePrepared} (or its own equivalent). */
  submit(request: PreparedRequest): void;
  /** The mapping view, when mapped and open. */
  mmapView(): Uint8Array | undefined;
  /** The device's `onCommand` listeners (undefined when none: runs then pay nothing for the hook). */
  listeners(): readonly CommandListener[] | undefined;
}

/** The mutable view of a {@link PreparedCommand} a prepared request keeps. */
type MutableCommand = { -readonly [K in keyof PreparedCommand]: PreparedCommand[K] };

/**
 * A command prepared once and issued many times with {@link run}
 * (synchronously, SG_IO) or {@link submit} (through the device's async
 * transport: on an sg node the queue, or SG_IO on the worker pool for a
 * read-only fd; on a bsg node io_uring, or SG_IO on the worker pool).
 * Create it with `SgDevice.prepare()` or `BsgDevice.prepare()`.
 *
 * Update {@link cdb} in place between runs (e.g.
 * `read10.encodeInto(req.cdb, 0, { lba, transferLength })`); the data buffer,
 * direction, flags, timeout and sense size stay as prepared. A run returns
 * {@link status} (the same object every time) and throws the typed SCSI
 * error for a bad outcome unless the request was prepared with
 * `throwOnError: false`. Prepared requests do not retry. Each completion
 * reaches the device's `onCommand` listeners like any other command (with
 * no listener, a run pays nothing for the hook).
 *
 * @example
 * ```ts
 * const buf = new Uint8Array(64 * 1024);
 * const req = dev.prepare(read10, { lba: 0, transferLength: 128 }, { receive: buf });
 * for (let lba = 0; lba < 1_000_000; lba += 128) {
 *   read10.encodeInto(req.cdb, 0, { lba, transferLength: 128 });
 *   req.run(); // buf holds the blocks
 * }
 * ```
 */
export class PreparedRequest {
  /** The CDB bytes the header points at: update them in place between runs. */
  readonly cdb: Uint8Array;
  /**
   * The data buffer: the caller's receive/data buffer (or one allocated once,
   * page-aligned for direct IO); with mmap IO the reserved-buffer mapping.
   */
  readonly data: Uint8Array | undefined;
  /** The completion of the last run (reused). */
  readonly status: RequestStatus = { status: 0, hostStatus: 0, driverStatus: 0, residual: 0, durationMs: 0, info: 0, transferred: 0 };
  /** @internal The command as prepared (its length follows {@link setLength}). */
  readonly command: PreparedCommand;
  /** @internal True while submitted and not yet settled. */
  inFlight = false;
  /**
   * @internal Set by the sg queue while the driver still holds a run whose
   * promise it settled early (a JS-side timeout): {@link run} and
   * {@link submit} refuse with {@link RequestInKernelError} until the driver
   * returns it, since it would still write that run's data into the buffer.
   */
  heldByKernel = false;
  /** @internal Set by the queue: settles the pending submit. */
  resolve: ((s: RequestStatus) => void) | undefined;
  /** @internal Set by the queue: rejects the pending submit. */
  reject: ((e: unknown) => void) | undefined;
  readonly #header: PreparedHeader;
  readonly #host: PreparedHost;
  readonly #throwOnError: boolean;
  readonly #maxLength: number;
  readonly #executor: (resolve: (s: RequestStatus) => void, reject: (e: unknown) => void) => void;
  #last: CommandResult | undefined;
  #lastSense: Uint8Array;
  /** `performance.now()` of the current run's submission, read only when listeners are attached (their events' elapsedMs). */
  #startedAt = 0;

  /** @internal Use `SgDevice.prepare()` or `BsgDevice.prepare()`; `header` is the node type's, made for `command`'s CDB length. */
  constructor(host: PreparedHost, header: PreparedHeader, command: PreparedCommand, throwOnError: boolean, mmapView: Uint8Array | undefined) {
    this.#host = host;
    this.#header = header;
    this.#throwOnError = throwOnError;
    this.#maxLength = command.length;
    this.cdb = header.cdb;
    this.cdb.set(command.cdb);
    const own: MutableCommand = { ...command, cdb: this.cdb };
    this.command = own;
    header.encode(own);
    this.data = command.transfer === 'mmap' ? mmapView : command.data;
    this.#lastSense = header.sense;
    this.#executor = (resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.inFlight = true;
      this.#startedAt = this.#host.listeners() ? performance.now() : 0;
      this.#host.submit(this);
    };
  }

  /** @internal The kernel header the request runs with (the bsg transports issue and read it). */
  get header(): PreparedHeader {
    return this.#header;
  }

  /** Data length in bytes of each run. */
  get length(): number {
    return this.command.length;
  }

  /** Command name (for messages). */
  get name(): string {
    return this.command.name;
  }

  /**
   * Changes the data length of later runs (at most the prepared length), e.g.
   * for a shorter last transfer; update the CDB's transfer length to match.
   */
  setLength(bytes: number): void {
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > this.#maxLength) {
      throw new RangeError(`${this.command.name}: a prepared request's length must be an integer 0..${this.#maxLength} (its prepared length), got ${bytes}`);
    }
    if (this.inFlight) throw new Error(`${this.command.name}: cannot change the length while the request is in flight`);
    (this.command as MutableCommand).length = bytes;
    this.#header.encode(this.command);
  }

  /** Runs the command synchronously (SG_IO), blocking the thread until it completes. */
  run(): RequestStatus {
    const fd = this.#host.syncFd();
    if (this.inFlight) throw new Error(`${this.command.name}: this prepared request is in flight (submit()); await it before run()`);
    if (this.heldByKernel) throw new RequestInKernelError(this.command.name);
    const command = this.command;
    let view: Uint8Array | undefined;
    if (command.transfer === 'mmap') {
      view = this.#host.mmapViewForSync(command);
      const src = command.mmapSource;
      // data prepared in the mapping itself needs no copy
      if (src && (src.buffer !== view.buffer || src.byteOffset !== view.byteOffset)) view.set(src.subarray(0, command.length), 0);
    }
    const header = this.#header;
    this.#startedAt = this.#host.listeners() ? performance.now() : 0;
    header.refresh();
    this.#host.ioctl(fd, header.bytes, command);
    return this.complete(header.read(), header.sense, view);
  }

  /**
   * Runs the command through the device's async transport. Resolves with
   * {@link status}; rejects with the typed error for a bad outcome. One
   * submission at a time per prepared request.
   */
  submit(): Promise<RequestStatus> {
    if (this.inFlight) return Promise.reject(new Error(`${this.command.name}: this prepared request is already in flight; await it first (prepare one request per concurrent command)`));
    if (this.heldByKernel) return Promise.reject(new RequestInKernelError(this.command.name));
    return new Promise(this.#executor);
  }

  /**
   * The full {@link CommandResult} of the last run (built on demand: sense
   * data, names, `toJSON()`); undefined before the first run.
   */
  result(): CommandResult | undefined {
    return this.#last ?? this.#buildLast();
  }

  #lastCompletion: SgIoHdrResult | undefined;
  #lastView: Uint8Array | undefined;

  #buildLast(): CommandResult | undefined {
    if (!this.#lastCompletion) return undefined;
    this.#last = buildResult(this.command, this.#lastCompletion, this.#lastSense, undefined, undefined, this.#lastView);
    return this.#last;
  }

  /**
   * @internal Copies a completion into {@link status}; returns it, or throws
   * (sync) the typed error. The queue calls it with its own header's fields.
   */
  complete(from: Readonly<SgIoHdrResult>, sense: Uint8Array, view: Uint8Array | undefined): RequestStatus {
    const c = this.#header.completion;
    if (from !== c) copyCompletion(from, c);
    const s = this.status;
    const command = this.command;
    s.status = c.status;
    s.hostStatus = c.hostStatus;
    s.driverStatus = c.driverStatus;
    s.residual = c.resid;
    s.durationMs = c.duration;
    s.info = c.info;
    const t = command.length - c.resid;
    s.transferred = t > 0 ? t : 0;
    this.#last = undefined;
    const clean = isCleanCompletion(c.status, c.hostStatus, c.driverStatus);
    this.#lastCompletion = c;
    this.#lastSense = sense;
    this.#lastView = view;
    if (clean) {
      if (command.mmapTarget && view) command.mmapTarget.set(view.subarray(0, s.transferred), 0);
      const listeners = this.#host.listeners();
      if (listeners) notifyListeners(listeners, this.#buildLast()!, command.direction === 'out' ? command.data : undefined, this.#startedAt);
      return s;
    }
    // the slow path: a full result (copying the sense bytes out of the buffer) and its typed error
    const result = this.#buildLast()!;
    const listeners = this.#host.listeners();
    if (listeners) notifyListeners(listeners, result, command.direction === 'out' ? command.data : undefined, this.#startedAt);
    const error: ScsiError | undefined = errorFor(result, command.timeoutMs);
    if (error && this.#throwOnError) throw error;
    return s;
  }
}

/**
 * @internal Ends a prepared request's submission: clears `inFlight` and
 * resolves with its status, or rejects with `error`. What the transports
 * call once the kernel is done with the request (or it never reached it).
 */
export function settlePrepared(request: PreparedRequest, error: unknown): void {
  request.inFlight = false;
  if (error !== undefined) request.reject!(error);
  else request.resolve!(request.status);
}

function copyCompletion(from: Readonly<SgIoHdrResult>, to: SgIoHdrResult): void {
  to.status = from.status;
  to.maskedStatus = from.maskedStatus;
  to.msgStatus = from.msgStatus;
  to.sbLenWr = from.sbLenWr;
  to.hostStatus = from.hostStatus;
  to.driverStatus = from.driverStatus;
  to.resid = from.resid;
  to.duration = from.duration;
  to.info = from.info;
  to.packId = from.packId;
  to.usrPtr = from.usrPtr;
}
