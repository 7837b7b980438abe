/**
 * `BsgDevice`: the same command API as SgDevice over a bsg node
 * (`/dev/bsg/H:C:T:L`) and the sg v4 header (`struct sg_io_v4`), through the
 * bsg transport: SG_IO synchronously on the calling thread (`executeSync`),
 * or on the libc worker pool (`execute`), several at once. Results, errors
 * and retries are those of every device (see ScsiDevice).
 */
import { MAX_REGISTERED_BUFFER_BYTES, MAX_REGISTERED_BUFFERS, O_RDONLY, O_RDWR, SystemError, close as closeFd, open as openFd } from '@sgio/libc';
import { alignedBuffer } from '../execute/aligned.js';
import { parseHctl } from '../discovery/list-devices.js';
import { DeviceOpenError, TransferModeError, TransportUnavailableError } from '../errors/sgio-error.js';
import type { ExecuteOptions } from '../execute/options.js';
import { prepareCommand, type CommandSource, type PreparedCommand } from '../execute/prepare.js';
import { PreparedRequest, type PreparedHost } from '../execute/prepared-request.js';
import type { BsgPreparedTransport } from '../transport/bsg/bsg-prepared-transport.js';
import { BsgTransport } from '../transport/bsg/bsg-transport.js';
import { V4PreparedHeader } from '../transport/bsg/v4-prepared-header.js';
import { uringPassthroughSupport } from '../transport/io-uring/passthrough-probe.js';
import { UringTransport } from '../transport/io-uring/uring-transport.js';
import type { ScsiTransport } from '../transport/scsi-transport.js';
import { bsgPathFor, checkBsgPath } from './bsg-path.js';
import type { CommandListener } from './command-event.js';
import { ScsiDevice } from './scsi-device.js';

/** Options of {@link BsgDevice.open}. */
export interface BsgOpenOptions {
  /** Open read-only; the kernel then refuses commands that write. */
  readonly readOnly?: boolean;
  /** Called after every command the device sends (see {@link ScsiDevice.addCommandListener}). */
  readonly onCommand?: CommandListener;
  /**
   * How commands reach the kernel: `sg_io` (the SG_IO ioctl, on the libc
   * worker pool for `execute`), `io_uring` (IORING_OP_URING_CMD through a
   * ring: one system call for the commands of a tick, completions without
   * a worker; Linux 7.2+, else {@link TransportUnavailableError}), or
   * `auto` (default): io_uring when the kernel's bsg takes it, else SG_IO.
   * `executeSync` uses SG_IO either way. `device.transport.capabilities.kind` says
   * which one was chosen (`bsg-uring` or `bsg`).
   */
  readonly transport?: BsgTransportChoice;
  /**
   * Byte sizes of page-aligned buffers to allocate for this device's data
   * ({@link BsgDevice.fixedBuffers}). With the io_uring transport they are
   * registered with the ring (io_uring's fixed buffers): the kernel pins
   * their pages once instead of mapping them at each command, and every
   * command whose data lies wholly inside one of them (the buffer or a
   * `subarray` of it, as `data` or `into`) uses that. With SG_IO they are
   * plain aligned buffers. At most 1024 buffers of 1 byte to 1 GiB; their
   * total counts against `RLIMIT_MEMLOCK` unless the process has
   * CAP_IPC_LOCK.
   */
  readonly fixedBuffers?: readonly number[];
}

/** See {@link BsgOpenOptions.transport}. */
export type BsgTransportChoice = 'auto' | 'io_uring' | 'sg_io';

/** A SCSI address: host, channel, target, LUN. */
export interface ScsiAddress {
  /** SCSI host number. */
  readonly host: number;
  /** Channel. */
  readonly channel: number;
  /** Target id. */
  readonly target: number;
  /** LUN. */
  readonly lun: number;
}

/** An open bsg node. */
export class BsgDevice extends ScsiDevice {
  /** The device's address, from the node's name (undefined for a node named otherwise). */
  readonly address: ScsiAddress | undefined;
  #fixedBuffers: readonly Uint8Array[] = [];
  readonly #prepared: BsgPreparedTransport;
  readonly #preparedHost: PreparedHost;

  private constructor(path: string, fd: number, readOnly: boolean, transport: BsgDeviceTransport) {
    super(path, fd, readOnly, transport);
    this.#prepared = transport;
    this.#preparedHost = {
      syncFd: () => {
        this.assertOpen('run()');
        return this.rawFd;
      },
      // bsg has no mmap-ed IO: prepareCommand refuses it before a request exists
      mmapViewForSync: () => {
        throw new TransferModeError(`${this.path}: bsg has no reserved buffer, so no mmap-ed IO.`);
      },
      ioctl: (_fd, header) => this.#prepared.runPrepared(header),
      submit: (request) => this.#prepared.submitPrepared(request),
      mmapView: () => undefined,
      listeners: () => this.commandListeners,
    };
    const name = path.slice(path.lastIndexOf('/') + 1);
    this.address = parseHctl(name);
  }

  /**
   * The buffers {@link BsgOpenOptions.fixedBuffers} (or {@link setFixedBuffers})
   * asked for, page-aligned, in that order (empty when none): registered
   * with the ring when the transport is io_uring
   * (`transport.stats().fixedBufferCommands` counts the commands that used them).
   */
  get fixedBuffers(): readonly Uint8Array[] {
    return this.#fixedBuffers;
  }

  /**
   * Allocates page-aligned buffers of `sizes` bytes and, with the io_uring
   * transport, registers them with the ring, as
   * {@link BsgOpenOptions.fixedBuffers} does at open: for a caller that
   * learns the sizes after opening (a copy that reads the capacity first).
   * Once per device. Returns the buffers (also {@link fixedBuffers}).
   * @throws {RangeError} for sizes the kernel would not register, or when the device has fixed buffers already
   * @throws {TransportUnavailableError} when the ring refuses them (RLIMIT_MEMLOCK): the device stays usable without
   */
  setFixedBuffers(sizes: readonly number[]): readonly Uint8Array[] {
    this.assertOpen('setFixedBuffers()');
    checkFixedBufferSizes(sizes);
    if (this.#fixedBuffers.length > 0) throw new RangeError(`${this.path}: the device has its fixed buffers already (${this.#fixedBuffers.length}); they are set once`);
    if (sizes.length === 0) return this.#fixedBuffers;
    const buffers = sizes.map((size) => alignedBuffer(size));
    if (this.transport instanceof UringTransport) {
      try {
        this.transport.registerBuffers(buffers);
      } catch (e) {
        throw new TransportUnavailableError(`${this.path}: cannot register ${buffers.length} fixed buffer(s) with the io_uring ring (${(e as Error).message}); ask for fewer or smaller buffers, or raise RLIMIT_MEMLOCK.`, { cause: e });
      }
    }
    this.#fixedBuffers = buffers;
    return buffers;
  }

  /**
   * Opens a bsg node. `path` is `/dev/bsg/H:C:T:L`, or an sg node, block
   * device or `H:C:T:L` address whose bsg node is looked up in sysfs.
   */
  static openSync(path: string, options: BsgOpenOptions = {}): BsgDevice {
    if (options.fixedBuffers !== undefined) checkFixedBufferSizes(options.fixedBuffers);
    const node = path.includes('/bsg/') ? path : bsgPathFor(path);
    checkBsgPath(node);
    const readOnly = options.readOnly ?? false;
    let fd: number;
    try {
      fd = openFd(node, readOnly ? O_RDONLY : O_RDWR);
    } catch (e) {
      if (e instanceof SystemError && (e.code === 'EACCES' || e.code === 'EPERM')) {
        throw new DeviceOpenError('permission', node, `Permission denied opening ${node}: bsg nodes are root-only by default; run as root or add a udev rule for /dev/bsg.`, { cause: e });
      }
      throw new DeviceOpenError('other', node, `cannot open ${node}: ${(e as Error).message}`, { cause: e });
    }
    let transport: BsgDeviceTransport;
    try {
      transport = chooseTransport(fd, node, readOnly, options.transport ?? 'auto');
    } catch (e) {
      closeFd(fd);
      throw e;
    }
    const device = new BsgDevice(node, fd, readOnly, transport);
    if (options.fixedBuffers !== undefined && options.fixedBuffers.length > 0) {
      try {
        device.setFixedBuffers(options.fixedBuffers);
      } catch (e) {
        // the transport's close, then the fd's: nothing was submitted yet
        void device.close();
        throw e;
      }
    }
    if (options.onCommand) device.addCommandListener(options.onCommand);
    return device;
  }

  /** Promise form of {@link BsgDevice.openSync}. */
  static async open(path: string, options: BsgOpenOptions = {}): Promise<BsgDevice> {
    await Promise.resolve();
    return BsgDevice.openSync(path, options);
  }

  protected override prepareCommand(source: CommandSource, options: ExecuteOptions): PreparedCommand {
    if (options.transfer === 'mmap') {
      throw new TransferModeError(`${this.path}: bsg has no reserved buffer, so no mmap-ed IO; use transfer 'indirect' or 'direct' (bsg maps aligned buffers directly), or an sg node for mmap.`);
    }
    return prepareCommand(source, options, undefined);
  }

  /** A prepared request with its own sg_io_v4 header (see {@link ScsiDevice.prepare}): SG_IO on the node for `run()`, the device's transport (io_uring or the worker pool) for `submit()`. */
  protected override newPreparedRequest(command: PreparedCommand, throwOnError: boolean): PreparedRequest {
    return new PreparedRequest(this.#preparedHost, new V4PreparedHeader(command.cdb.length), command, throwOnError, undefined);
  }

  /** Closes the node after the commands in flight complete. Idempotent. */
  override close(): Promise<void> {
    return super.close();
  }
}

/** Refuses a {@link BsgOpenOptions.fixedBuffers} list the kernel would not register. */
function checkFixedBufferSizes(sizes: readonly number[]): void {
  if (!Array.isArray(sizes) || sizes.length > MAX_REGISTERED_BUFFERS) throw new RangeError(`fixedBuffers must be a list of at most ${MAX_REGISTERED_BUFFERS} sizes, got ${String(sizes)}`);
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < 1 || size > MAX_REGISTERED_BUFFER_BYTES) throw new RangeError(`fixedBuffers: each size is 1 byte to 1 GiB (${MAX_REGISTERED_BUFFER_BYTES}), got ${String(size)}`);
  }
}

/** A bsg node's transports: commands, and prepared requests with their own headers. */
type BsgDeviceTransport = ScsiTransport & BsgPreparedTransport;

/** The transport `choice` asks for on `fd` (see {@link BsgOpenOptions.transport}). */
function chooseTransport(fd: number, node: string, readOnly: boolean, choice: BsgTransportChoice): BsgDeviceTransport {
  if (choice !== 'auto' && choice !== 'io_uring' && choice !== 'sg_io') throw new TypeError(`transport must be 'auto', 'io_uring' or 'sg_io', got ${String(choice)}`);
  if (choice === 'sg_io') return new BsgTransport(fd, node, readOnly);
  const support = uringPassthroughSupport(fd, node);
  if (support.supported) {
    try {
      return new UringTransport(fd, node, readOnly);
    } catch (e) {
      if (choice === 'io_uring') throw new TransportUnavailableError(`${node}: the io_uring ring could not be set up (${(e as Error).message}); use transport 'sg_io'.`, { cause: e });
    }
  } else if (choice === 'io_uring') {
    throw new TransportUnavailableError(`${node}: ${support.reason}. Use transport 'sg_io' (or 'auto', which falls back to it).`);
  }
  return new BsgTransport(fd, node, readOnly);
}
