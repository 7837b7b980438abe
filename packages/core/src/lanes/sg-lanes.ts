/**
 * `SgLanes`: one sg device opened N times ("lanes"), each fd with its own
 * reserved buffer mapped, so mmap-ed IO can have N commands in flight (the
 * driver allows one mmap-ed request per fd; sgp_dd works the same way). Each
 * command goes to a free lane; a lane runs one command at a time; commands
 * wait in order for a lane.
 *
 * A lane whose command was abandoned while the kernel still has it (its
 * AbortSignal fired, or sgio's own deadline passed) is retired: a fresh fd
 * takes its place, so the next command does not queue behind the stuck one
 * (the driver allows one mmap-ed request per fd), and the old device is
 * closed (a read-only one once its call returns; a read-write one at once,
 * the driver keeps the request until it completes).
 */
import type { CdbDefinition, FieldSpecs, FieldsInput } from '@sgio/struct';
import { read16 } from '@sgio/struct';
import { SgDevice, type OpenOptions } from '../device/sg-device.js';
import type { ExecuteOptions } from '../execute/options.js';
import type { CommandResult } from '../execute/result.js';
import { LaneGate, checkLaneCount } from './lane-gate.js';

/** Options of {@link SgLanes.open}. */
export interface LanesOptions extends Omit<OpenOptions, 'reservedSize' | 'via'> {
  /** Number of fds (lanes), 1..64 (default 4): the most mmap-ed commands in flight. */
  readonly lanes?: number;
  /** Reserved buffer size of every lane in bytes, rounded up to the page size (default 1 MiB): the largest mmap-ed transfer. */
  readonly reservedSize?: number;
  /**
   * An SgDevice of the same path, open and not yet mapped, to use as lane 0
   * instead of opening one more fd (its reserved size is set and mapped like
   * the others'). The lanes own it from then on: closing them closes it, also
   * when opening the other lanes fails. Open it with `via: 'sg'`: every lane
   * runs its commands on its own sg fd (a lane guards that fd's reserved
   * buffer and replaces the fd when a command is abandoned there).
   */
  readonly first?: SgDevice;
}

/** Options of {@link SgLanes.read}. */
export interface LaneReadOptions extends Pick<ExecuteOptions, 'timeout' | 'signal' | 'retry' | 'throwOnError' | 'measure'> {
  /** Logical block size in bytes (default 512). */
  readonly blockSize?: number;
  /** Buffer to copy the blocks into (default: a new one). */
  readonly into?: Uint8Array;
}

/** Counters of a {@link SgLanes}. */
export interface LanesStats {
  /** Number of lanes. */
  readonly lanes: number;
  /** Lanes running a command now. */
  readonly busy: number;
  /** Commands waiting for a lane. */
  readonly waiting: number;
  /** Most lanes busy at once. */
  readonly maxBusy: number;
  /** Commands run per lane. */
  readonly perLane: readonly number[];
  /** Lanes replaced by a fresh fd because a command was abandoned while the kernel still had it (always 0 for {@link BsgLanes}, whose lanes need no replacing). */
  readonly retired: number;
}

const asyncDispose: typeof Symbol.asyncDispose = Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose');

/** A device opened with N lanes for concurrent mmap-ed IO. */
export class SgLanes {
  /** Which kind of lanes these are (tells the two apart in a `ScsiLanes`). */
  readonly kind = 'sg' as const;
  /** How block data moves through a lane by default: the lane's mapped reserved buffer. */
  readonly transfer = 'mmap' as const;
  /** The device path. */
  readonly path: string;
  /** The reserved (and mapped) size of every lane, in bytes. */
  readonly reservedSize: number;
  readonly #devices: SgDevice[];
  readonly #gate: LaneGate;
  #retired = 0;
  #closing: Promise<void> | undefined;
  /** Opens one more lane device like the first ones (for retirement). */
  readonly #openLane: () => Promise<SgDevice>;
  /** Closes of retired lane devices still under way (close() waits for them). */
  readonly #retiring = new Set<Promise<void>>();

  private constructor(path: string, devices: SgDevice[], reservedSize: number, openLane: () => Promise<SgDevice>) {
    this.path = path;
    this.#openLane = openLane;
    this.#devices = devices;
    this.reservedSize = reservedSize;
    this.#gate = new LaneGate(devices.length, path, 'SgLanes command');
  }

  /**
   * Opens `path` once per lane, sets each fd's reserved size and maps it.
   * Fails (closing what it opened) like {@link SgDevice.open}.
   *
   * @example
   * ```ts
   * await using lanes = await SgLanes.open('/dev/sg1', { lanes: 4, reservedSize: 256 * 1024 });
   * const r = await lanes.read(0, 512); // READ(16) of 512 blocks through a mapped reserved buffer
   * ```
   */
  static async open(path: string, options: LanesOptions = {}): Promise<SgLanes> {
    const count = options.lanes ?? 4;
    checkLaneCount(count);
    const size = options.reservedSize ?? 1024 * 1024;
    const { first, lanes: _count, ...openOptions } = options;
    const devices: SgDevice[] = [];
    const openLane = async (): Promise<SgDevice> => {
      const dev = await SgDevice.open(path, { ...openOptions, reservedSize: size, via: 'sg' });
      try {
        dev.mapReservedBuffer();
      } catch (e) {
        await dev.close();
        throw e;
      }
      return dev;
    };
    try {
      if (first) {
        devices.push(first);
        if (first.path !== path) throw new RangeError(`SgLanes.open(${path}): the first lane is a device of ${first.path}; pass one of the same path`);
        if (first.via !== 'sg') throw new RangeError(`SgLanes.open(${path}): the first lane was opened with via '${first.via}'; open it with via 'sg' (every lane runs its commands on its own sg fd)`);
        first.setReservedSize(size);
        first.mapReservedBuffer();
      }
      while (devices.length < count) devices.push(await openLane());
    } catch (e) {
      await Promise.all(devices.map((d) => d.close()));
      throw e;
    }
    const granted = Math.min(...devices.map((d) => d.reservedSize));
    return new SgLanes(path, devices, granted, openLane);
  }

  /** The most bytes one mmap-ed command may move through a lane: {@link reservedSize}. */
  get maxTransferBytes(): number {
    return this.reservedSize;
  }

  /** Number of lanes. */
  get lanes(): number {
    return this.#devices.length;
  }

  /** True once {@link close} has been called. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * The device of lane `index` (0..lanes-1), for callers that schedule the
   * lanes themselves: each runs at most one mmap-ed command at a time on a
   * lane it chose, e.g. a copy loop whose slot N always uses lane N with
   * prepared requests. Do not mix that with {@link execute}/{@link withLane}
   * on the same lanes: those would not know the lane is busy.
   */
  lane(index: number): SgDevice {
    const device = this.#devices[index];
    if (!Number.isInteger(index) || !device) throw new RangeError(`lane must be an integer 0..${this.#devices.length - 1}, got ${index}`);
    return device;
  }

  /** The lane devices (read-only use: identification, stats). */
  get devices(): readonly SgDevice[] {
    return this.#devices;
  }

  /** Current counters. */
  stats(): LanesStats {
    return this.#gate.stats(this.#retired);
  }

  /**
   * Runs a command on a free lane, mmap-ed by default (`transfer` may say
   * otherwise). Data-in is copied out of the lane's mapping into
   * `options.receive` (or a new buffer) before the lane is freed, so the
   * result's data stays valid; use {@link withLane} to read the mapping
   * without a copy.
   */
  execute<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): Promise<CommandResult>;
  execute(cdb: Uint8Array, options?: ExecuteOptions): Promise<CommandResult>;
  async execute(a: CdbDefinition | Uint8Array, b?: object, c?: ExecuteOptions): Promise<CommandResult> {
    const raw = a instanceof Uint8Array;
    const given = (raw ? b : c) as ExecuteOptions | undefined;
    const options = withCopyTarget(a, raw ? undefined : b, given ?? {});
    return this.withLane((dev) =>
      raw ? dev.execute(a, options) : dev.execute(a, b as FieldsInput<FieldSpecs> | undefined, options),
    options.signal);
  }

  /** READ(16) of `blocks` blocks at `lba` through a lane's mapping; the data is copied to `options.into` or a new buffer. */
  read(lba: number | bigint, blocks: number, options: LaneReadOptions = {}): Promise<CommandResult> {
    const blockSize = options.blockSize ?? 512;
    const { into, blockSize: _bs, ...rest } = options;
    return this.execute(read16, { lba: BigInt(lba), transferLength: blocks }, { ...rest, blockSize, receive: into ?? blocks * blockSize });
  }

  /**
   * Runs `fn` with exclusive use of one lane (its device and mapping): the
   * lane takes no other command until the promise `fn` returns settles. For
   * zero-copy use of `device.reservedMapping`.
   */
  async withLane<T>(fn: (device: SgDevice, lane: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const lane = await this.#gate.acquire(signal);
    const device = this.#devices[lane]!;
    try {
      return await fn(device, lane);
    } finally {
      // a command abandoned in the kernel (abort, sgio's deadline) would hold up the lane's next one: swap the fd
      if (!device.closed && device.queueStats().inFlight > 0) void this.#track(this.#retire(lane, device)).then(() => this.#gate.release(lane));
      else this.#gate.release(lane);
    }
  }

  /** Replaces lane `lane`'s device by a fresh one and closes the old one; keeps the old one if no fresh one opens. */
  async #retire(lane: number, old: SgDevice): Promise<void> {
    let fresh: SgDevice | undefined;
    try {
      fresh = await this.#openLane();
    } catch {
      return; // the device may be going away: the old lane's next command waits for the stuck one instead
    }
    if (this.#closing) {
      await fresh.close();
      return;
    }
    this.#devices[lane] = fresh;
    this.#retired++;
    void this.#track(old.close());
  }

  /** Keeps `work` (a retirement, a retired device's close) for close() to wait on; never rejects. */
  #track(work: Promise<void>): Promise<void> {
    const settled = work.catch(() => undefined);
    this.#retiring.add(settled);
    void settled.then(() => this.#retiring.delete(settled));
    return settled;
  }

  /** Closes every lane (see {@link SgDevice.close}); commands waiting for a lane reject. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#gate.close();
      await Promise.all(this.#devices.map((d) => d.close()));
      while (this.#retiring.size > 0) await Promise.all(this.#retiring);
    })();
    return this.#closing;
  }

  /** `await using lanes = await SgLanes.open(...)` support: calls {@link close}. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Options with mmap as the default transfer and a buffer to copy data-in out of the mapping. */
function withCopyTarget(a: CdbDefinition | Uint8Array, fields: object | undefined, options: ExecuteOptions): ExecuteOptions {
  const transfer = options.transfer ?? 'mmap';
  if (transfer !== 'mmap' || options.receive instanceof Uint8Array) return { ...options, transfer };
  let length = typeof options.receive === 'number' ? options.receive : 0;
  if (options.receive === undefined && !(a instanceof Uint8Array)) {
    const direction = options.direction ?? a.directionOf(fields);
    if (direction === 'in') {
      length = a.dataLengthOf(fields, options.blockSize === undefined ? {} : { blockSize: options.blockSize });
    }
  }
  return length > 0 ? { ...options, transfer, receive: new Uint8Array(length) } : { ...options, transfer };
}
