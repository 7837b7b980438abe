/**
 * `SgDevice`: one open sg device node. Commands run synchronously through
 * the SG_IO ioctl (`executeSync`) or through the driver's asynchronous
 * write/read interface (`execute`), with the reserved buffer available for
 * mmap-ed IO.
 */
import type { Mapping } from '@sgio/libc';
import {
  F_GETFL,
  F_SETFL,
  O_CLOEXEC,
  O_EXCL,
  O_NONBLOCK,
  O_RDONLY,
  O_RDWR,
  PROT_READ,
  PROT_WRITE,
  SystemError,
  close as closeFd,
  fcntl,
  ioctlGetInt,
  ioctlPointer,
  ioctlSetInt,
  tryIoctlPointer,
  mmap,
  open as openFd,
  pageSize,
} from '@sgio/libc';
import {
  SG_GET_NUM_WAITING,
  SG_GET_REQUEST_TABLE,
  SG_GET_RESERVED_SIZE,
  SG_GET_SCSI_ID,
  SG_REQUEST_TABLE_SIZE,
  decodeSgRequestTable,
  type SgReqInfo,
  SG_GET_VERSION_NUM,
  SG_IO,
  SG_SCSI_ID_SIZE,
  SG_SET_RESERVED_SIZE,
  decodeSgScsiId,
  readSgIoHdrResult,
  type CdbDefinition,
  type FieldSpecs,
  type FieldsInput,
} from '@sgio/struct';
import { ScsiCommands } from '../commands/scsi-commands.js';
import { RequestSlot } from '../driver/request-slot.js';
import { CommandCanceledError, DeviceClosedError, DeviceGoneError, DeviceOpenError, QueueFullError, ReservedBufferBusyError, TransferModeError } from '../errors/sgio-error.js';
import { buildResult } from '../execute/build-result.js';
import type { ExecuteOptions } from '../execute/options.js';
import { errorFor } from '../execute/outcome.js';
import { prepareCommand, type CommandSource, type PreparedCommand } from '../execute/prepare.js';
import { PreparedRequest, type PreparedHost } from '../execute/prepared-request.js';
import type { CommandResult } from '../execute/result.js';
import { Attempts, startClock } from '../execute/attempts.js';
import { runIoctlAsync } from '../execute/run-ioctl-async.js';
import { AsyncQueue, type QueueStats } from '../queue/async-queue.js';
import { checkSgPath } from './open-checks.js';

/** Options of {@link SgDevice.open}. */
export interface OpenOptions {
  /** Open read-only (O_RDONLY). Commands that write data may be refused by the driver. */
  readonly readOnly?: boolean;
  /** O_EXCL: fail (or wait) if another process has the device open. */
  readonly exclusive?: boolean;
  /** With `exclusive`, fail at once with EBUSY instead of waiting. */
  readonly nonBlocking?: boolean;
  /** Set the reserved buffer to at least this many bytes after opening. */
  readonly reservedSize?: number;
}

/** SG_GET_SCSI_ID: where the device sits and what it is. */
export interface ScsiId {
  /** SCSI host number. */
  readonly host: number;
  /** Channel. */
  readonly channel: number;
  /** Target id. */
  readonly target: number;
  /** LUN. */
  readonly lun: number;
  /** Peripheral device type (0 disk, 1 tape, ...). */
  readonly peripheralType: number;
  /** Commands per LUN the host allows. */
  readonly commandsPerLun: number;
  /** Queue depth of the device. */
  readonly queueDepth: number;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const asyncDispose: typeof Symbol.asyncDispose = Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose');

/** An open sg device. */
export class SgDevice extends ScsiCommands {
  /** The device path. */
  readonly path: string;
  /** The sg driver version (e.g. 30536 for 3.5.36), from SG_GET_VERSION_NUM. */
  readonly version: number;
  /** Where the device sits and what it is (SG_GET_SCSI_ID). */
  readonly scsiId: ScsiId;
  /** True when opened read-only. */
  readonly readOnly: boolean;
  #fd: number;
  #closed = false;
  #closing: Promise<void> | undefined;
  readonly #syncSlot = new RequestSlot(0);
  readonly #queue: AsyncQueue;
  #mapping: Mapping | undefined;
  #everMapped = false;
  #reserved: number;

  private constructor(path: string, fd: number, readOnly: boolean) {
    super();
    this.path = path;
    this.#fd = fd;
    this.readOnly = readOnly;
    let version: number;
    try {
      version = ioctlGetInt(fd, SG_GET_VERSION_NUM);
    } catch (e) {
      closeFd(fd);
      throw new DeviceOpenError('not-sg', path, `${path} does not answer SG_GET_VERSION_NUM, so it is not an sg device. Pass a /dev/sgN node; use listDevices() to find them.`, { cause: e });
    }
    if (version < 30000) {
      closeFd(fd);
      throw new DeviceOpenError('not-sg', path, `${path} has sg driver version ${version}; sgio needs the sg v3 interface (30000 or later).`);
    }
    this.version = version;
    const idBuf = new Uint8Array(SG_SCSI_ID_SIZE);
    try {
      ioctlPointer(fd, SG_GET_SCSI_ID, idBuf);
      this.#reserved = ioctlGetInt(fd, SG_GET_RESERVED_SIZE);
    } catch (e) {
      closeFd(fd);
      throw new DeviceOpenError('other', path, `${path}: the sg driver refused SG_GET_SCSI_ID (${(e as Error).message}); the device may be going away. List the devices again.`, { cause: e });
    }
    const id = decodeSgScsiId(idBuf);
    this.scsiId = {
      host: id.hostNo,
      channel: id.channel,
      target: id.scsiId,
      lun: id.lun,
      peripheralType: id.scsiType,
      commandsPerLun: id.hCmdPerLun,
      queueDepth: id.dQueueDepth,
    };
    this.#queue = new AsyncQueue({
      fd,
      path,
      mmapView: () => (this.#mapping && !this.#mapping.closed ? this.#mapping.view : undefined),
      reservedSize: () => this.#reserved,
    });
  }

  /**
   * Opens an sg device. Checks first what the path is, so a regular file,
   * `/dev/null`, a block device (with the matching `/dev/sgN`), a missing
   * path or missing permissions give a {@link DeviceOpenError} that says so;
   * then checks that the node answers SG_GET_VERSION_NUM with 30000 or more.
   */
  static openSync(path: string, options: OpenOptions = {}): SgDevice {
    const readOnly = options.readOnly ?? false;
    checkSgPath(path, readOnly);
    let flags = readOnly ? O_RDONLY : O_RDWR;
    if (options.exclusive) flags |= O_EXCL;
    if (options.nonBlocking) flags |= O_NONBLOCK;
    let fd: number;
    try {
      fd = openFd(path, flags | O_CLOEXEC);
    } catch (e) {
      if (e instanceof SystemError && e.code === 'EBUSY') {
        throw new DeviceOpenError('busy', path, `${path} is busy: another process holds it exclusively (or you asked for exclusive access while it is open). Close the other user or open without exclusive.`, { cause: e });
      }
      if (e instanceof SystemError && (e.code === 'EACCES' || e.code === 'EPERM')) {
        throw new DeviceOpenError('permission', path, `Permission denied opening ${path}: run as root or add your user to the group that owns the node (often 'disk').`, { cause: e });
      }
      if (e instanceof SystemError && (e.code === 'ENXIO' || e.code === 'ENODEV')) {
        throw new DeviceOpenError('missing', path, `${path} has no device behind it any more (${e.code}); it was removed. List the devices again with listDevices().`, { cause: e });
      }
      throw new DeviceOpenError('other', path, `cannot open ${path}: ${(e as Error).message}`, { cause: e });
    }
    // the async queue reads completions without blocking
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    const device = new SgDevice(path, fd, readOnly);
    if (options.reservedSize !== undefined) {
      try {
        device.setReservedSize(options.reservedSize);
      } catch (e) {
        closeFd(fd);
        throw e;
      }
    }
    return device;
  }

  /** Promise form of {@link SgDevice.openSync}. */
  static async open(path: string, options: OpenOptions = {}): Promise<SgDevice> {
    await Promise.resolve();
    return SgDevice.openSync(path, options);
  }

  /** The file descriptor (for advanced use; do not close it yourself). */
  get fd(): number {
    this.#assertOpen('fd');
    return this.#fd;
  }

  /** True once {@link close} has been called. */
  get closed(): boolean {
    return this.#closed || this.#closing !== undefined;
  }

  /** Counters of the async queue. */
  queueStats(): QueueStats {
    return this.#queue.stats();
  }

  /** Completed requests waiting to be read on this fd (SG_GET_NUM_WAITING); for diagnostics. */
  numWaiting(): number {
    this.#assertOpen('numWaiting()');
    return ioctlGetInt(this.#fd, SG_GET_NUM_WAITING);
  }

  /**
   * The driver's table of this fd's requests (SG_GET_REQUEST_TABLE): one entry
   * per request in flight (`reqState` 1) or done and not yet read (2).
   */
  requestTable(): SgReqInfo[] {
    this.#assertOpen('requestTable()');
    const bytes = new Uint8Array(SG_REQUEST_TABLE_SIZE);
    ioctlPointer(this.#fd, SG_GET_REQUEST_TABLE, bytes);
    return decodeSgRequestTable(bytes);
  }

  #assertOpen(what: string): void {
    if (this.#closed || this.#closing) throw new DeviceClosedError(this.path, what);
    const gone = this.#queue.goneError;
    if (gone) throw gone;
  }

  #prepare(source: CommandSource, options: ExecuteOptions): PreparedCommand {
    if (options.transfer === 'mmap' && this.#mapping?.closed) {
      throw new TransferModeError(`${this.path}: the reserved-buffer mapping was closed; map it again with mapReservedBuffer() before mmap IO.`, 'ERR_MMAP_CLOSED');
    }
    const command = prepareCommand(source, options, this.#mapping?.length);
    if (this.readOnly && command.transfer === 'mmap' && command.direction === 'out') {
      // a read-only fd maps its reserved buffer PROT_READ: the data to send cannot be put there
      throw new TransferModeError(`${command.name}: ${this.path} is open read-only, so its reserved buffer is mapped read-only and cannot carry data to send; open it read-write for mmap-ed writes.`);
    }
    return command;
  }

  /**
   * Runs a command through the SG_IO ioctl, blocking the thread until it
   * completes. Same arguments and result as {@link execute}.
   */
  executeSync<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult;
  executeSync(cdb: Uint8Array, options?: ExecuteOptions): CommandResult;
  executeSync(a: CdbDefinition | Uint8Array, b?: object, c?: ExecuteOptions): CommandResult {
    this.#assertOpen('executeSync()');
    const source = sourceOf(a, b);
    const options = optionsOf(a, b, c);
    if (options.signal?.aborted) throw new CommandCanceledError('aborted', a instanceof Uint8Array ? 'command' : a.name, { cause: options.signal.reason });
    const command = this.#prepare(source, options);
    const startedAt = startClock(options);
    let result = this.#runSync(command);
    const error = errorFor(result, command.timeoutMs);
    // the common case: success, nothing to measure, no retry bookkeeping
    if (!error && startedAt < 0) return result;
    const attempts = new Attempts(options, command.timeoutMs, startedAt);
    for (let attempt = 1; ; attempt++) {
      const verdict = attempts.judge(result, attempt, attempt === 1 ? error : undefined);
      if (typeof verdict !== 'number') return verdict;
      sleepSync(verdict);
      this.#assertOpen('executeSync()');
      result = this.#runSync(command);
    }
  }

  #runSync(command: PreparedCommand): CommandResult {
    const slot = this.#syncSlot;
    let view: Uint8Array | undefined;
    if (command.transfer === 'mmap') {
      view = this.#syncMmapView(command);
      if (command.mmapSource) view.set(command.mmapSource, 0);
    }
    const header = slot.encode(command, 0);
    this.#ioctl(this.#fd, header, command);
    readSgIoHdrResult(header, 0, slot.completion);
    return buildResult(command, slot.completion, slot.sense, undefined, undefined, view);
  }

  /** SG_IO without building an error object unless it fails; failures become typed errors. */
  #ioctl(fd: number, header: Uint8Array, command: PreparedCommand): void {
    const r = tryIoctlPointer(fd, SG_IO, header);
    if (r >= 0) {
      // host_status (offset 68): a command caught by the device's removal ends in a transport error; say the device is gone
      if ((header[68]! | header[69]!) !== 0 && this.#queue.detached()) {
        throw this.#queue.deviceGone(new SystemError(19, 'ioctl', { fd, path: this.path, detail: `${command.name} ended in a transport error while the device was being removed` }));
      }
      return;
    }
    const e = new SystemError(-r, 'ioctl', { fd, request: SG_IO });
    if (e.code === 'ENODEV' || e.code === 'ENXIO') throw this.#queue.deviceGone(e);
    if (e.code === 'EDOM') throw new QueueFullError(this.path, { cause: e });
    if (e.code === 'EBUSY' && command.transfer === 'mmap') {
      throw new TransferModeError(`${command.name}: the driver refused mmap IO (EBUSY): another request on this fd holds the reserved buffer.`, 'ERR_RESERVED_BUSY', { cause: e });
    }
    throw e;
  }

  /** The mapping view for a synchronous mmap-ed command, after the checks the driver does not make. */
  #syncMmapView(command: PreparedCommand): Uint8Array {
    const view = this.#mapping && !this.#mapping.closed ? this.#mapping.view : undefined;
    if (!view) throw new TransferModeError(`${command.name}: the reserved-buffer mapping was closed; map it again with mapReservedBuffer().`, 'ERR_MMAP_CLOSED');
    if (view.length < command.length) throw new TransferModeError(`${command.name}: transfers ${command.length} bytes but the mapping is ${view.length} bytes long now.`, 'ERR_MMAP_TOO_SHORT');
    if (this.#queue.reserveBusy) {
      throw new TransferModeError(
        `${command.name}: an asynchronous command in flight on this fd holds (or may hold) the reserved buffer, so the driver would refuse mmap IO with EBUSY. Await it first, use execute() (it queues mmap-ed commands), or use SgLanes.`,
        'ERR_RESERVED_BUSY',
      );
    }
    return view;
  }

  readonly #preparedHost: PreparedHost = {
    syncFd: () => {
      if (this.#closed || this.#closing) throw new DeviceClosedError(this.path, 'run()');
      const gone = this.#queue.goneError;
      if (gone) throw gone;
      return this.#fd;
    },
    mmapViewForSync: (command) => this.#syncMmapView(command),
    ioctl: (fd, header, command) => this.#ioctl(fd, header, command),
    submit: (request) => this.#queue.runPrepared(request),
    mmapView: () => (this.#mapping && !this.#mapping.closed ? this.#mapping.view : undefined),
  };

  /**
   * Prepares a command to be issued many times without allocating: the
   * header, CDB copy, sense buffer and data buffer are built once. Update
   * `request.cdb` in place between runs (e.g. with the definition's
   * `encodeInto`), then call `request.run()` (SG_IO) or `request.submit()`
   * (async queue). Options as for {@link execute}, except that `retry` and
   * `measure` do not apply (prepared requests do not retry) and `signal` is
   * not supported. A `receive` length (rather than a buffer) allocates the
   * data buffer once (page-aligned for direct IO); with mmap IO the data is
   * the reserved-buffer mapping (`request.data`).
   */
  prepare<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): PreparedRequest;
  prepare(cdb: Uint8Array, options?: ExecuteOptions): PreparedRequest;
  prepare(a: CdbDefinition | Uint8Array, b?: object, c?: ExecuteOptions): PreparedRequest {
    this.#assertOpen('prepare()');
    const source = sourceOf(a, b);
    const options = optionsOf(a, b, c);
    if (options.signal) throw new TypeError('prepare(): prepared requests take no AbortSignal');
    const command = this.#prepare(source, options);
    return new PreparedRequest(this.#preparedHost, command, options.throwOnError !== false, command.transfer === 'mmap' ? this.#preparedHost.mmapView() : undefined);
  }

  /**
   * Runs a command through the driver's asynchronous interface (up to 16 in
   * flight per device; more wait in a queue; mmap-ed commands one at a time).
   * Resolves with the result; rejects with a typed error for a bad outcome
   * unless `throwOnError` is false. The command is a DSL definition with its
   * fields, or raw CDB bytes.
   *
   * @example
   * ```ts
   * const r = await dev.execute(read16, { lba: 0n, transferLength: 8 }, { blockSize: 512 });
   * r.data; // 4096 bytes
   * ```
   */
  execute<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): Promise<CommandResult>;
  execute(cdb: Uint8Array, options?: ExecuteOptions): Promise<CommandResult>;
  execute(a: CdbDefinition | Uint8Array, b?: object, c?: ExecuteOptions): Promise<CommandResult> {
    let command: PreparedCommand;
    let options: ExecuteOptions;
    try {
      this.#assertOpen('execute()');
      const source = sourceOf(a, b);
      options = optionsOf(a, b, c);
      command = this.#prepare(source, options);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const first = this.#runOnce(command, options.signal);
    // fast path: no retries possible, nothing to measure
    if (options.retry === false && options.throwOnError === false && !options.measure) return first;
    if (options.measure) return this.#finishAsync(first, command, options);
    // the common case settles in one reaction; retries and errors take the general path
    return first.then((result) => (errorFor(result, command.timeoutMs) === undefined ? result : this.#finishAsync(Promise.resolve(result), command, options)));
  }

  async #finishAsync(first: Promise<CommandResult>, command: PreparedCommand, options: ExecuteOptions): Promise<CommandResult> {
    const attempts = new Attempts(options, command.timeoutMs, startClock(options));
    let pending = first;
    for (let attempt = 1; ; attempt++) {
      const verdict = attempts.judge(await pending, attempt);
      if (typeof verdict !== 'number') return verdict;
      if (verdict > 0) await sleep(verdict);
      if (this.closed) throw new CommandCanceledError('closed', command.name);
      pending = this.#runOnce(command, options.signal);
    }
  }


  /** One attempt: the async queue, or SG_IO on the worker pool for a read-only fd (where the driver refuses write()). */
  #runOnce(command: PreparedCommand, signal: AbortSignal | undefined): Promise<CommandResult> {
    if (!this.readOnly) return this.#queue.run(command, signal);
    const view = this.#mapping && !this.#mapping.closed ? this.#mapping.view : undefined;
    return runIoctlAsync(this.#fd, this.path, command, signal, view);
  }

  /** The reserved buffer size of this fd, in bytes (SG_GET_RESERVED_SIZE). */
  get reservedSize(): number {
    this.#assertOpen('reservedSize');
    this.#reserved = ioctlGetInt(this.#fd, SG_GET_RESERVED_SIZE);
    return this.#reserved;
  }

  /**
   * Sets the reserved buffer size, rounded up to the page size as the sg
   * HOWTO requires; returns the size the driver granted (it may cap it).
   * Must come before {@link mapReservedBuffer}: the driver refuses it (EBUSY)
   * on an fd whose reserved buffer has ever been mapped, and while a request
   * uses the buffer; that gives a {@link ReservedBufferBusyError} that says so.
   */
  setReservedSize(bytes: number): number {
    this.#assertOpen('setReservedSize()');
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > 0x7fffffff) throw new RangeError(`reserved size must be a byte count 0..2^31-1, got ${bytes}`);
    const page = pageSize();
    const rounded = Math.ceil(bytes / page) * page;
    if (this.#everMapped) {
      throw new ReservedBufferBusyError(
        `${this.path}: cannot resize the reserved buffer to ${rounded} bytes: it has been mmap-ed on this fd${this.#mapping && !this.#mapping.closed ? '' : ' (and unmapped since)'}, and the sg driver then refuses SG_SET_RESERVED_SIZE with EBUSY for the life of the fd. Set the size before mapReservedBuffer(), or open another fd (SgDevice.open(path, { reservedSize }) or SgLanes).`,
      );
    }
    if (this.#queue.reserveBusy) {
      throw new ReservedBufferBusyError(
        `${this.path}: cannot resize the reserved buffer while a command in flight may be using it (the sg driver answers EBUSY). Wait for outstanding commands first.`,
      );
    }
    try {
      ioctlSetInt(this.#fd, SG_SET_RESERVED_SIZE, rounded);
    } catch (e) {
      if (e instanceof SystemError && e.code === 'EBUSY') {
        throw new ReservedBufferBusyError(
          `${this.path}: SG_SET_RESERVED_SIZE failed with EBUSY: the reserved buffer of this fd has been mmap-ed (perhaps through another handle of the same fd) or a request is using it. Set the size before mapping, or open another fd.`,
          { cause: e },
        );
      }
      throw e;
    }
    return this.reservedSize;
  }

  /**
   * Maps the reserved buffer (MAP_SHARED, offset 0, its whole size) so
   * commands can run with `transfer: 'mmap'`. Returns the libc Mapping;
   * mapping twice returns the same one. After this the reserved size is
   * fixed for the life of the fd (a driver rule).
   */
  mapReservedBuffer(): Mapping {
    this.#assertOpen('mapReservedBuffer()');
    if (this.#mapping && !this.#mapping.closed) return this.#mapping;
    const length = this.reservedSize;
    if (length === 0) throw new TransferModeError(`${this.path}: the reserved buffer is empty; setReservedSize() first.`, 'ERR_MMAP_NOT_MAPPED');
    // an O_RDONLY fd cannot be mapped writable and shared (EACCES): data-in needs only PROT_READ
    this.#mapping = mmap({ fd: this.#fd, length, path: this.path, prot: this.readOnly ? PROT_READ : PROT_READ | PROT_WRITE });
    this.#everMapped = true;
    return this.#mapping;
  }

  /** The current reserved-buffer mapping, if mapped and open. */
  get reservedMapping(): Mapping | undefined {
    return this.#mapping && !this.#mapping.closed ? this.#mapping : undefined;
  }

  /**
   * Closes the device: queued commands reject with a canceled error;
   * in-flight direct-IO commands are waited for (the kernel has pinned their
   * pages) and then reject; other in-flight commands reject at once (their
   * data is only copied to user memory when read back, which no longer
   * happens); the mapping is closed; then the fd. Idempotent: every call
   * returns the same promise. Later calls of other methods throw
   * {@link DeviceClosedError}.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closing = (async () => {
      try {
        await this.#queue.shutdown();
      } finally {
        this.#closed = true;
        this.#mapping?.close();
        this.#mapping = undefined;
        try {
          closeFd(this.#fd);
        } catch {
          // the device may be gone; the descriptor is released either way
        }
        this.#fd = -1;
      }
    })();
    return this.#closing;
  }

  /** `await using dev = await SgDevice.open(...)` support: calls {@link close}. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }
}

const NO_OPTIONS: ExecuteOptions = Object.freeze({});

function sourceOf(a: CdbDefinition | Uint8Array, b: object | undefined): CommandSource {
  if (a instanceof Uint8Array) return a;
  if (!a || typeof a !== 'object' || a.kind !== 'cdb') throw new TypeError('execute() expects a CDB definition (defineCdb) or the CDB bytes as a Uint8Array');
  return { definition: a, fields: b as FieldsInput<FieldSpecs> | undefined };
}

function optionsOf(a: CdbDefinition | Uint8Array, b: object | undefined, c: ExecuteOptions | undefined): ExecuteOptions {
  return (a instanceof Uint8Array ? (b as ExecuteOptions | undefined) : c) ?? NO_OPTIONS;
}

export { DeviceGoneError };
