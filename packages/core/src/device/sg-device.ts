/**
 * `SgDevice`: one open sg device node. Commands run synchronously through
 * the SG_IO ioctl (`executeSync`) and asynchronously through the sg
 * transport that suits the fd: the driver's write/read interface (async
 * queue) on an fd open read-write, SG_IO on the libc worker pool on one open
 * read-only (the driver refuses write() there); or, where the kernel takes
 * SCSI commands over io_uring on the device's bsg node (Linux 7.2+), through
 * a ring there (`via`, see `sg-async-route.ts`). The reserved buffer is
 * available for mmap-ed IO; prepared requests issue one command many times
 * without allocating.
 */
import type { Mapping } from '@sgio/libc';
import {
  F_DUPFD_CLOEXEC,
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
  mmap,
  open as openFd,
  pageSize,
} from '@sgio/libc';
import {
  SG_GET_NUM_WAITING,
  SG_SCSI_RESET,
  SG_SCSI_RESET_MODE,
  SG_GET_REQUEST_TABLE,
  SG_GET_RESERVED_SIZE,
  SG_GET_SCSI_ID,
  SG_REQUEST_TABLE_SIZE,
  decodeSgRequestTable,
  type SgReqInfo,
  SG_GET_VERSION_NUM,
  SG_SCSI_ID_SIZE,
  SG_SET_RESERVED_SIZE,
  decodeSgScsiId,
} from '@sgio/struct';
import { isGoneErrno } from '../errors/gone-errno.js';
import { DeviceGoneError, DeviceOpenError, ReservedBufferBusyError, TransferModeError } from '../errors/sgio-error.js';
import type { ExecuteOptions } from '../execute/options.js';
import { prepareCommand, type CommandSource, type PreparedCommand } from '../execute/prepare.js';
import { PreparedRequest, type PreparedHost } from '../execute/prepared-request.js';
import { SgIoWorkerTransport } from '../transport/sg-io-worker/sg-io-worker-transport.js';
import { V3PreparedHeader } from '../transport/sg-v3/v3-prepared-header.js';
import { SgQueueTransport } from '../transport/sg-queue/sg-queue-transport.js';
import type { QueueStats } from '../transport/sg-v3/queue-stats.js';
import type { SgFdHost, SgV3Transport } from '../transport/sg-v3/sg-v3-transport.js';
import type { ScsiTransport } from '../transport/scsi-transport.js';
import type { CommandListener } from './command-event.js';
import { checkSgFd } from './fd-checks.js';
import { checkSgPath } from './open-checks.js';
import { claimFd, isFdOwned, releaseFd } from './owned-fds.js';
import { ScsiDevice } from './scsi-device.js';
import { SgAsyncRoute, type SgAsyncRouteReport, type SgAsyncVia, type SgRingTransport } from './sg-async-route.js';

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
  /** Called after every command the device sends (see {@link ScsiDevice.addCommandListener}); SgLanes passes it to every lane. */
  readonly onCommand?: CommandListener;
  /**
   * How asynchronous commands (`execute`, prepared `submit()`) reach the
   * device. `auto` (default): through an io_uring ring on the device's bsg
   * node where the kernel has one (Linux 7.2+) and the node opens, set up at
   * the first such command, else through the sg driver; `sg`: the sg driver
   * only; `bsg-io-uring`: the ring, set up now (a
   * `TransportUnavailableError` when it cannot be). Commands that send
   * data, mmap-ed and direct IO, `queueAt`, transfers larger than the ring
   * maps, `executeSync` and prepared `run()` always use the sg fd (see
   * `sg-async-route.ts` for why).
   * {@link SgDevice.asyncRoute} says which way commands go and why.
   */
  readonly via?: SgAsyncVia;
}

/**
 * Options of {@link SgDevice.fromFd}: who closes the fd, how asynchronous
 * commands reach the driver, and the setup {@link OpenOptions} also has.
 */
export interface FromFdOptions {
  /**
   * Who closes `fd`. `true` (the default): the device adopts it and closes
   * it on `close()` (or `await using`); the caller must not close it.
   * `false`: the device works on a duplicate of its own (F_DUPFD_CLOEXEC),
   * closes only that, and never touches `fd`, which stays the caller's to
   * close whenever it likes (the duplicate keeps the open file, and with it
   * the reserved buffer, alive). Use `false` in a worker thread (the threads
   * share one fd table) and for an fd this thread uses elsewhere.
   */
  readonly close?: boolean;
  /**
   * How `execute()` reaches the driver. `'sg-io-worker'` (the default):
   * SG_IO on libc's worker pool, safe beside other holders of the same open
   * file, because the driver never hands an SG_IO completion to another
   * reader. `'sg-queue'`: the write/read queue, only when no other process
   * or thread runs asynchronous commands (write()/read()) on the same open
   * file: the driver hands each such completion to whichever holder reads
   * first. It sets O_NONBLOCK on the open file, which every holder shares.
   * A read-only fd has only `'sg-io-worker'` (the driver refuses write()).
   */
  readonly transport?: 'sg-io-worker' | 'sg-queue';
  /** Set the reserved buffer to at least this many bytes (the driver refuses it with EBUSY once any holder has mapped the buffer). */
  readonly reservedSize?: number;
  /** Called after every command the device sends (see {@link ScsiDevice.addCommandListener}). */
  readonly onCommand?: CommandListener;
}

/** What every new SgDevice is set up with, however its fd was obtained. */
interface SetUpOptions {
  readonly reservedSize?: number | undefined;
  readonly onCommand?: CommandListener | undefined;
  readonly via?: SgAsyncVia | undefined;
}

/** What SG_GET_VERSION_NUM and SG_GET_SCSI_ID say about an fd. */
interface SgIdentity {
  readonly version: number;
  readonly scsiId: ScsiId;
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

/** The fd's reserved buffer as the device and its transport both see it. */
interface ReserveState {
  /** Size in bytes (cached; refreshed by `reservedSize`). */
  size: number;
  /** The mapping, once mapped. */
  mapping: Mapping | undefined;
  /** True once the buffer has been mapped on this fd (its size is then fixed). */
  everMapped: boolean;
}

/** An open sg device. */
export class SgDevice extends ScsiDevice {
  /** The sg driver version (e.g. 30536 for 3.5.36), from SG_GET_VERSION_NUM. */
  readonly version: number;
  /** Where the device sits and what it is (SG_GET_SCSI_ID). */
  readonly scsiId: ScsiId;
  readonly #sg: SgV3Transport;
  readonly #route: SgAsyncRoute;
  readonly #reserve: ReserveState;

  /**
   * @param queue run asynchronous commands through the write/read queue (read-write fds only); otherwise SG_IO on the worker pool
   * @param via see {@link OpenOptions.via} (checked by the caller)
   */
  private constructor(path: string, fd: number, readOnly: boolean, identity: SgIdentity, reserve: ReserveState, queue: boolean, via: SgAsyncVia) {
    const host: SgFdHost = {
      fd,
      path,
      mmapView: () => (reserve.mapping && !reserve.mapping.closed ? reserve.mapping.view : undefined),
      reservedSize: () => reserve.size,
    };
    const { scsiId } = identity;
    // every fd of one device shares its cap of calls on the worker pool
    const transport =
      queue && !readOnly ? new SgQueueTransport(host) : new SgIoWorkerTransport(host, `${scsiId.host}:${scsiId.channel}:${scsiId.target}:${scsiId.lun}`, readOnly);
    super(path, fd, readOnly, transport);
    this.#sg = transport;
    this.#route = new SgAsyncRoute(transport, { via, fd, path, readOnly, address: scsiId, peripheralType: scsiId.peripheralType });
    this.#reserve = reserve;
    this.version = identity.version;
    this.scsiId = scsiId;
  }

  /** Checks that `fd` is an sg v3 node and reads its identity; throws a {@link DeviceOpenError} (and leaves the fd alone) when it is not. */
  static #identify(path: string, fd: number): SgIdentity {
    let version: number;
    try {
      version = ioctlGetInt(fd, SG_GET_VERSION_NUM);
    } catch (e) {
      throw new DeviceOpenError('not-sg', path, `${path} does not answer SG_GET_VERSION_NUM, so it is not an sg device. Pass a /dev/sgN node; use listDevices() to find them.`, { cause: e });
    }
    if (version < 30000) {
      throw new DeviceOpenError('not-sg', path, `${path} has sg driver version ${version}; sgio needs the sg v3 interface (30000 or later).`);
    }
    const idBuf = new Uint8Array(SG_SCSI_ID_SIZE);
    try {
      ioctlPointer(fd, SG_GET_SCSI_ID, idBuf);
    } catch (e) {
      throw new DeviceOpenError('other', path, `${path}: the sg driver refused SG_GET_SCSI_ID (${(e as Error).message}); the device may be going away. List the devices again.`, { cause: e });
    }
    const id = decodeSgScsiId(idBuf);
    const scsiId: ScsiId = {
      host: id.hostNo,
      channel: id.channel,
      target: id.scsiId,
      lun: id.lun,
      peripheralType: id.scsiType,
      commandsPerLun: id.hCmdPerLun,
      queueDepth: id.dQueueDepth,
    };
    return { version, scsiId };
  }

  /**
   * The one setup path of every SgDevice, whether {@link openSync} opened
   * the fd or {@link fromFd} adopted it: the identity checks, the reserved
   * buffer size, the device, its listener. The device owns `fd` from here on
   * (it is recorded as owned until close). On failure `release` runs (open
   * closes its fd; an adoption leaves the caller's fd alone) and the error
   * is thrown.
   */
  static #setUp(path: string, fd: number, readOnly: boolean, queue: boolean, options: SetUpOptions, release: () => void): SgDevice {
    let identity: SgIdentity;
    let reserved: number;
    try {
      // checked before the device exists, so that nothing after its construction can fail
      if (options.onCommand !== undefined && typeof options.onCommand !== 'function') throw new TypeError('onCommand: pass a function (event) => void');
      if (options.via !== undefined && options.via !== 'auto' && options.via !== 'sg' && options.via !== 'bsg-io-uring') throw new TypeError(`via must be 'auto', 'sg' or 'bsg-io-uring', got ${String(options.via)}`);
      identity = SgDevice.#identify(path, fd);
      if (options.reservedSize !== undefined) SgDevice.#applyReservedSize(path, fd, roundedReservedSize(options.reservedSize));
      try {
        reserved = ioctlGetInt(fd, SG_GET_RESERVED_SIZE);
      } catch (e) {
        throw new DeviceOpenError('other', path, `${path}: the sg driver refused SG_GET_RESERVED_SIZE (${(e as Error).message}); the device may be going away. List the devices again.`, { cause: e });
      }
    } catch (e) {
      release();
      throw e;
    }
    const device = new SgDevice(path, fd, readOnly, identity, { size: reserved, mapping: undefined, everMapped: false }, queue, options.via ?? 'auto');
    claimFd(fd);
    if (options.onCommand) device.addCommandListener(options.onCommand);
    return device;
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
      if (isGoneErrno(e)) {
        throw new DeviceOpenError('missing', path, `${path} has no device behind it any more (${(e as SystemError).code}); it was removed. List the devices again with listDevices().`, { cause: e });
      }
      throw new DeviceOpenError('other', path, `cannot open ${path}: ${(e as Error).message}`, { cause: e });
    }
    const opened = fd;
    const release = (): void => closeFd(opened);
    try {
      // the async queue reads completions without blocking
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    } catch (e) {
      release();
      throw e;
    }
    const device = SgDevice.#setUp(path, fd, readOnly, true, options, release);
    if (options.via === 'bsg-io-uring') {
      try {
        device.#route.openNow();
      } catch (e) {
        // nothing was submitted: the close settles at once
        void device.close();
        throw e;
      }
    }
    return device;
  }

  /**
   * Makes a device of an sg fd this process already has: one a parent
   * process passed down (`spawn(cmd, args, { stdio: ['inherit', 'inherit',
   * 'inherit', dev.fd] })` makes it fd 3 in the child), or one another
   * thread of this process opened (a worker thread gets its number in a
   * message). Checks that `fd` is an open sg character device (fstat) that
   * answers SG_GET_VERSION_NUM, then sets it up as {@link openSync} does.
   * Its `path` is the fd's `/proc/self/fd/N` link target (`fd N` when that
   * cannot be read). Synchronous: nothing here waits for the device.
   *
   * Every holder of one open file shares its request queue (16 requests)
   * and its one reserved buffer: while a command of any holder uses the
   * buffer (an mmap-ed one, or an indirect one that fits it), another
   * holder's mmap-ed command fails with EBUSY (`ERR_RESERVED_BUSY`). The
   * default transport (SG_IO on the worker pool) keeps completions apart;
   * see {@link FromFdOptions.transport}. The buffer (and every mapping of it)
   * lives until the last holder has closed its fd and unmapped it.
   *
   * Errors ({@link DeviceOpenError}): `EBADF` (`bad-fd`) for a value that is
   * not a non-negative integer or not an open descriptor; `ENOTSG` for a
   * regular file, directory, block device, another driver's character
   * device (`/dev/null`), a pipe or socket, or a node that does not answer
   * the sg ioctls; `ERR_FD_OWNED` when an open SgDevice of this thread
   * already owns `fd` and `close` is not false. When fromFd throws, `fd` is
   * left open and is still the caller's.
   *
   * @example
   * ```ts
   * // child.mjs, spawned with stdio: ['inherit', 'inherit', 'inherit', dev.fd]
   * await using dev = SgDevice.fromFd(3);
   * const map = dev.mapReservedBuffer(); // the parent's reserved buffer, mapped again
   * ```
   */
  static fromFd(fd: number, options: FromFdOptions = {}): SgDevice {
    const { path, readOnly } = checkSgFd(fd);
    const transport = options.transport ?? 'sg-io-worker';
    if (transport !== 'sg-io-worker' && transport !== 'sg-queue') throw new RangeError(`SgDevice.fromFd(): transport is 'sg-io-worker' or 'sg-queue', got ${String(transport)}`);
    if (readOnly && transport === 'sg-queue') {
      throw new DeviceOpenError('other', path, `fd ${fd} (${path}) is open read-only: the sg driver refuses write() on it, so the 'sg-queue' transport cannot run. Leave transport unset (SG_IO on the worker pool).`);
    }
    const adopt = options.close ?? true;
    if (adopt && isFdOwned(fd)) {
      throw new DeviceOpenError(
        'fd-owned',
        path,
        `fd ${fd} (${path}) belongs to an open SgDevice of this thread, which closes it on close(); adopting it as well would close it twice (the second close would hit whatever file reuses the number). Use that device, or pass { close: false }: sgio then works on a duplicate of the fd.`,
      );
    }
    let own: number;
    try {
      own = adopt ? fd : fcntl(fd, F_DUPFD_CLOEXEC, 0);
    } catch (e) {
      throw new DeviceOpenError('other', path, `fd ${fd} (${path}) cannot be duplicated (${(e as Error).message}); close some files (EMFILE) or adopt the fd itself with { close: true }.`, { cause: e });
    }
    const duplicate = own;
    const release = adopt ? (): void => {} : (): void => closeFd(duplicate);
    if (transport === 'sg-queue') {
      try {
        // the queue reads completions without blocking; the flag belongs to the open file, so every holder sees it
        const flags = fcntl(own, F_GETFL);
        if ((flags & O_NONBLOCK) === 0) fcntl(own, F_SETFL, flags | O_NONBLOCK);
      } catch (e) {
        release();
        throw e;
      }
    }
    // an adopted fd may be shared with other holders: its commands stay on it (no second node behind their backs)
    return SgDevice.#setUp(path, own, readOnly, transport === 'sg-queue', { ...options, via: 'sg' }, release);
  }

  /** Promise form of {@link SgDevice.openSync}. */
  static async open(path: string, options: OpenOptions = {}): Promise<SgDevice> {
    await Promise.resolve();
    return SgDevice.openSync(path, options);
  }

  /**
   * Counters of the sg transport (the queue; for a read-only fd, the
   * worker-pool SG_IO calls). Commands that went through the bsg ring
   * ({@link asyncRoute}) are not among them: {@link ringTransport}'s
   * `stats()` counts those.
   */
  queueStats(): QueueStats {
    return this.#sg.stats();
  }

  /** The {@link OpenOptions.via} the device was opened with (`sg` for a device made with {@link fromFd}). */
  get via(): SgAsyncVia {
    return this.#route.via;
  }

  /**
   * Where asynchronous commands go and why: `bsg-io-uring` (with the bsg
   * node) or `sg`. Under `auto` this decides now, as the first asynchronous
   * command would (setting up the ring where it can be).
   */
  asyncRoute(): SgAsyncRouteReport {
    this.assertOpen('asyncRoute()');
    return this.#route.describe();
  }

  /** The io_uring transport on the bsg node, once set up (undefined otherwise): its `stats()` count the commands it ran. */
  get ringTransport(): SgRingTransport | undefined {
    return this.#route.ring;
  }

  protected override asyncTransport(command: PreparedCommand): ScsiTransport {
    return this.#route.transportFor(command);
  }

  protected override goneError(): DeviceGoneError | undefined {
    return this.#sg.gone ?? this.#route.gone;
  }

  protected override async closeTransports(): Promise<void> {
    // both close, whatever one of them throws; the route closes the bsg fd itself
    const [sg, ring] = await Promise.allSettled([this.#sg.close(), this.#route.close()]);
    if (sg.status === 'rejected') throw sg.reason;
    if (ring.status === 'rejected') throw ring.reason;
  }

  /**
   * SG_SCSI_RESET: asks the SCSI mid-level to reset the logical unit
   * (`device`), its target, the bus or the whole host adapter, escalating
   * to the next wider reset when one fails unless `noEscalate`. Commands in
   * flight on the reset scope end with an error and the device reports a
   * unit attention afterwards. Needs a read-write fd and CAP_SYS_ADMIN
   * (EACCES otherwise). Unguarded: `resetDevice()` checks a confirmation
   * first.
   */
  scsiReset(kind: 'device' | 'target' | 'bus' | 'host', options: { readonly noEscalate?: boolean } = {}): void {
    this.assertOpen('scsiReset()');
    const modes = { device: SG_SCSI_RESET_MODE.SG_SCSI_RESET_DEVICE, target: SG_SCSI_RESET_MODE.SG_SCSI_RESET_TARGET, bus: SG_SCSI_RESET_MODE.SG_SCSI_RESET_BUS, host: SG_SCSI_RESET_MODE.SG_SCSI_RESET_HOST } as const;
    const mode = modes[kind];
    if (mode === undefined) throw new RangeError(`scsiReset(): kind is device, target, bus or host, got ${String(kind)}`);
    ioctlSetInt(this.rawFd, SG_SCSI_RESET, mode | (options.noEscalate ? SG_SCSI_RESET_MODE.SG_SCSI_RESET_NO_ESCALATE : 0));
  }

  /** Completed requests waiting to be read on this fd (SG_GET_NUM_WAITING); for diagnostics. */
  numWaiting(): number {
    this.assertOpen('numWaiting()');
    return ioctlGetInt(this.rawFd, SG_GET_NUM_WAITING);
  }

  /**
   * The driver's table of this fd's requests (SG_GET_REQUEST_TABLE): one entry
   * per request in flight (`reqState` 1) or done and not yet read (2).
   */
  requestTable(): SgReqInfo[] {
    this.assertOpen('requestTable()');
    const bytes = new Uint8Array(SG_REQUEST_TABLE_SIZE);
    ioctlPointer(this.rawFd, SG_GET_REQUEST_TABLE, bytes);
    return decodeSgRequestTable(bytes);
  }

  protected override prepareCommand(source: CommandSource, options: ExecuteOptions): PreparedCommand {
    const mapping = this.#reserve.mapping;
    if (options.transfer === 'mmap' && mapping?.closed) {
      throw new TransferModeError(`${this.path}: the reserved-buffer mapping was closed; map it again with mapReservedBuffer() before mmap IO.`, 'ERR_MMAP_CLOSED');
    }
    const command = prepareCommand(source, options, mapping?.length);
    if (this.readOnly && command.transfer === 'mmap' && command.direction === 'out') {
      // a read-only fd maps its reserved buffer PROT_READ: the data to send cannot be put there
      throw new TransferModeError(`${command.name}: ${this.path} is open read-only, so its reserved buffer is mapped read-only and cannot carry data to send; open it read-write for mmap-ed writes.`);
    }
    return command;
  }

  readonly #preparedHost: PreparedHost = {
    syncFd: () => {
      this.assertOpen('run()');
      return this.rawFd;
    },
    mmapViewForSync: (command) => this.#sg.sync.mmapViewFor(command),
    ioctl: (_fd, header, command) => this.#sg.sync.ioctl(header, command),
    submit: (request) => this.#route.submitPrepared(request),
    mmapView: () => this.#mmapView(),
    listeners: () => this.commandListeners,
  };

  #mmapView(): Uint8Array | undefined {
    const mapping = this.#reserve.mapping;
    return mapping && !mapping.closed ? mapping.view : undefined;
  }

  /** An sg v3 prepared request (see {@link ScsiDevice.prepare}); with mmap IO its data is the reserved-buffer mapping. */
  protected override newPreparedRequest(command: PreparedCommand, throwOnError: boolean): PreparedRequest {
    return new PreparedRequest(this.#preparedHost, new V3PreparedHeader(command.cdb.length), command, throwOnError, command.transfer === 'mmap' ? this.#preparedHost.mmapView() : undefined);
  }

  /** The reserved buffer size of this fd, in bytes (SG_GET_RESERVED_SIZE). */
  get reservedSize(): number {
    this.assertOpen('reservedSize');
    this.#reserve.size = ioctlGetInt(this.rawFd, SG_GET_RESERVED_SIZE);
    return this.#reserve.size;
  }

  /**
   * Sets the reserved buffer size, rounded up to the page size as the sg
   * HOWTO requires; returns the size the driver granted (it may cap it).
   * Must come before {@link mapReservedBuffer}: the driver refuses it (EBUSY)
   * on an fd whose reserved buffer has ever been mapped, and while a request
   * uses the buffer; that gives a {@link ReservedBufferBusyError} that says so.
   */
  setReservedSize(bytes: number): number {
    this.assertOpen('setReservedSize()');
    const rounded = roundedReservedSize(bytes);
    if (this.#reserve.everMapped) {
      throw new ReservedBufferBusyError(
        `${this.path}: cannot resize the reserved buffer to ${rounded} bytes: it has been mmap-ed on this fd${this.#reserve.mapping && !this.#reserve.mapping.closed ? '' : ' (and unmapped since)'}, and the sg driver then refuses SG_SET_RESERVED_SIZE with EBUSY for the life of the fd. Set the size before mapReservedBuffer(), or open another fd (SgDevice.open(path, { reservedSize }) or SgLanes).`,
      );
    }
    if (this.#sg.reserveBusy) {
      throw new ReservedBufferBusyError(
        `${this.path}: cannot resize the reserved buffer while a command in flight may be using it (the sg driver answers EBUSY). Wait for outstanding commands first.`,
      );
    }
    SgDevice.#applyReservedSize(this.path, this.rawFd, rounded);
    return this.reservedSize;
  }

  /** SG_SET_RESERVED_SIZE with `rounded` bytes; EBUSY becomes a {@link ReservedBufferBusyError} that says why. */
  static #applyReservedSize(path: string, fd: number, rounded: number): void {
    try {
      ioctlSetInt(fd, SG_SET_RESERVED_SIZE, rounded);
    } catch (e) {
      if (e instanceof SystemError && e.code === 'EBUSY') {
        throw new ReservedBufferBusyError(
          `${path}: SG_SET_RESERVED_SIZE failed with EBUSY: the reserved buffer of this fd has been mmap-ed (perhaps through another handle of the same fd, or by another process it was passed to) or a request is using it. Set the size before mapping, or open another fd.`,
          { cause: e },
        );
      }
      throw e;
    }
  }

  /**
   * Maps the reserved buffer (MAP_SHARED, offset 0, its whole size) so
   * commands can run with `transfer: 'mmap'`. Returns the libc Mapping;
   * mapping twice returns the same one. After this the reserved size is
   * fixed for the life of the fd (a driver rule).
   */
  mapReservedBuffer(): Mapping {
    this.assertOpen('mapReservedBuffer()');
    if (this.#reserve.mapping && !this.#reserve.mapping.closed) return this.#reserve.mapping;
    const length = this.reservedSize;
    if (length === 0) throw new TransferModeError(`${this.path}: the reserved buffer is empty; setReservedSize() first.`, 'ERR_MMAP_NOT_MAPPED');
    // an O_RDONLY fd cannot be mapped writable and shared (EACCES): data-in needs only PROT_READ
    this.#reserve.mapping = mmap({ fd: this.rawFd, length, path: this.path, prot: this.readOnly ? PROT_READ : PROT_READ | PROT_WRITE });
    this.#reserve.everMapped = true;
    return this.#reserve.mapping;
  }

  /** The current reserved-buffer mapping, if mapped and open. */
  get reservedMapping(): Mapping | undefined {
    return this.#reserve.mapping && !this.#reserve.mapping.closed ? this.#reserve.mapping : undefined;
  }

  protected override releaseResources(): void {
    this.#reserve.mapping?.close();
    this.#reserve.mapping = undefined;
    // the fd is closed right after this, synchronously: fromFd may adopt its number again from then on
    releaseFd(this.rawFd);
  }

  /**
   * Closes the device: queued commands reject with a canceled error;
   * in-flight direct-IO commands are waited for (the kernel has pinned their
   * pages) and then reject; other in-flight commands reject at once (their
   * data is only copied to user memory when read back, which no longer
   * happens), except those in the bsg ring ({@link asyncRoute}), which are
   * waited for and keep their results; the mapping is closed; then the fd. Idempotent: every call
   * returns the same promise. Later calls of other methods throw
   * {@link DeviceClosedError}.
   */
  override close(): Promise<void> {
    return super.close();
  }
}

/** `bytes` checked (0..2^31-1) and rounded up to the page size, as the sg HOWTO requires of SG_SET_RESERVED_SIZE. */
function roundedReservedSize(bytes: number): number {
  if (!Number.isInteger(bytes) || bytes < 0 || bytes > 0x7fffffff) throw new RangeError(`reserved size must be a byte count 0..2^31-1, got ${bytes}`);
  const page = pageSize();
  return Math.ceil(bytes / page) * page;
}

export { DeviceGoneError };
