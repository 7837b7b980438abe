/**
 * `SgDevice`: one open sg device node. Commands run synchronously through
 * the SG_IO ioctl (`executeSync`) and asynchronously through the sg
 * transport that suits the fd: the driver's write/read interface (async
 * queue) on an fd open read-write, SG_IO on the libc worker pool on one open
 * read-only (the driver refuses write() there). The reserved buffer is
 * available for mmap-ed IO; prepared requests issue one command many times
 * without allocating.
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
  type CdbDefinition,
  type FieldSpecs,
  type FieldsInput,
} from '@sgio/struct';
import { isGoneErrno } from '../errors/gone-errno.js';
import { DeviceGoneError, DeviceOpenError, ReservedBufferBusyError, TransferModeError } from '../errors/sgio-error.js';
import type { ExecuteOptions } from '../execute/options.js';
import { prepareCommand, type CommandSource, type PreparedCommand } from '../execute/prepare.js';
import { PreparedRequest, type PreparedHost } from '../execute/prepared-request.js';
import { SgIoWorkerTransport } from '../transport/sg-io-worker/sg-io-worker-transport.js';
import { SgQueueTransport } from '../transport/sg-queue/sg-queue-transport.js';
import type { QueueStats } from '../transport/sg-v3/queue-stats.js';
import type { SgFdHost, SgV3Transport } from '../transport/sg-v3/sg-v3-transport.js';
import { optionsOf, sourceOf } from './command-args.js';
import type { CommandListener } from './command-event.js';
import { checkSgPath } from './open-checks.js';
import { ScsiDevice } from './scsi-device.js';

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
  readonly #reserve: ReserveState;

  private constructor(path: string, fd: number, readOnly: boolean, version: number, scsiId: ScsiId, reserve: ReserveState) {
    const host: SgFdHost = {
      fd,
      path,
      mmapView: () => (reserve.mapping && !reserve.mapping.closed ? reserve.mapping.view : undefined),
      reservedSize: () => reserve.size,
    };
    // every fd of one device shares its cap of calls on the worker pool
    const transport = readOnly ? new SgIoWorkerTransport(host, `${scsiId.host}:${scsiId.channel}:${scsiId.target}:${scsiId.lun}`) : new SgQueueTransport(host);
    super(path, fd, readOnly, transport);
    this.#sg = transport;
    this.#reserve = reserve;
    this.version = version;
    this.scsiId = scsiId;
  }

  /** Checks that `fd` is an sg v3 node and reads its identity; closes the fd when it is not. */
  static #identify(path: string, fd: number, readOnly: boolean): SgDevice {
    let reserved: number;
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
    const idBuf = new Uint8Array(SG_SCSI_ID_SIZE);
    try {
      ioctlPointer(fd, SG_GET_SCSI_ID, idBuf);
      reserved = ioctlGetInt(fd, SG_GET_RESERVED_SIZE);
    } catch (e) {
      closeFd(fd);
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
    return new SgDevice(path, fd, readOnly, version, scsiId, { size: reserved, mapping: undefined, everMapped: false });
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
    // the async queue reads completions without blocking
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    const device = SgDevice.#identify(path, fd, readOnly);
    if (options.reservedSize !== undefined) {
      try {
        device.setReservedSize(options.reservedSize);
      } catch (e) {
        closeFd(fd);
        throw e;
      }
    }
    if (options.onCommand) device.addCommandListener(options.onCommand);
    return device;
  }

  /** Promise form of {@link SgDevice.openSync}. */
  static async open(path: string, options: OpenOptions = {}): Promise<SgDevice> {
    await Promise.resolve();
    return SgDevice.openSync(path, options);
  }

  /** Counters of the async transport (the queue; for a read-only fd, the worker-pool SG_IO calls). */
  queueStats(): QueueStats {
    return this.#sg.stats();
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
    submit: (request) => this.#sg.submitPrepared(request),
    mmapView: () => this.#mmapView(),
    listeners: () => this.commandListeners,
  };

  #mmapView(): Uint8Array | undefined {
    const mapping = this.#reserve.mapping;
    return mapping && !mapping.closed ? mapping.view : undefined;
  }

  /**
   * Prepares a command to be issued many times without allocating: the
   * header, CDB copy, sense buffer and data buffer are built once. Update
   * `request.cdb` in place between runs (e.g. with the definition's
   * `encodeInto`), then call `request.run()` (SG_IO) or `request.submit()`
   * (the async transport: the queue, or SG_IO on the worker pool for a read-only fd). Options as for {@link execute}, except that `retry` and
   * `measure` do not apply (prepared requests do not retry) and `signal` is
   * not supported. A `receive` length (rather than a buffer) allocates the
   * data buffer once (page-aligned for direct IO); with mmap IO the data is
   * the reserved-buffer mapping (`request.data`).
   */
  prepare<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): PreparedRequest;
  prepare(cdb: Uint8Array, options?: ExecuteOptions): PreparedRequest;
  prepare(a: CdbDefinition | Uint8Array, b?: object, c?: ExecuteOptions): PreparedRequest {
    this.assertOpen('prepare()');
    const source = sourceOf(a, b);
    const options = optionsOf(a, b, c);
    if (options.signal) throw new TypeError('prepare(): prepared requests take no AbortSignal');
    const command = this.prepareCommand(source, options);
    return new PreparedRequest(this.#preparedHost, command, options.throwOnError !== false, command.transfer === 'mmap' ? this.#preparedHost.mmapView() : undefined);
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
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > 0x7fffffff) throw new RangeError(`reserved size must be a byte count 0..2^31-1, got ${bytes}`);
    const page = pageSize();
    const rounded = Math.ceil(bytes / page) * page;
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
    try {
      ioctlSetInt(this.rawFd, SG_SET_RESERVED_SIZE, rounded);
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
  override close(): Promise<void> {
    return super.close();
  }
}

export { DeviceGoneError };
