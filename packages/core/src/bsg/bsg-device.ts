/**
 * `BsgDevice`: the same command API as SgDevice over a bsg node
 * (`/dev/bsg/H:C:T:L`) and the sg v4 header (`struct sg_io_v4`). Commands
 * run through the SG_IO ioctl: synchronously on the calling thread
 * (`executeSync`), or on the libc worker pool (`execute`), several at once.
 * Results, errors and retries are those of the sg transport.
 */
import { O_RDONLY, O_RDWR, SystemError, close as closeFd, ioctlAsync, ioctlPointer, open as openFd } from '@sgio/libc';
import { SG_IO, type CdbDefinition, type FieldSpecs, type FieldsInput } from '@sgio/struct';
import { ScsiCommands } from '../commands/scsi-commands.js';
import { parseHctl } from '../discovery/list-devices.js';
import { CommandCanceledError, DeviceClosedError, DeviceGoneError, DeviceOpenError, TransferModeError } from '../errors/sgio-error.js';
import { buildResult } from '../execute/build-result.js';
import type { ExecuteOptions } from '../execute/options.js';
import { prepareCommand, type CommandSource, type PreparedCommand } from '../execute/prepare.js';
import type { CommandResult } from '../execute/result.js';
import { Attempts, startClock } from '../execute/attempts.js';
import { bsgPathFor, checkBsgPath } from './bsg-path.js';
import { V4Slot } from './v4-slot.js';

/** Options of {@link BsgDevice.open}. */
export interface BsgOpenOptions {
  /** Open read-only; the kernel then refuses commands that write. */
  readonly readOnly?: boolean;
}

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

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
const sleepSync = (ms: number): void => {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const asyncDispose: typeof Symbol.asyncDispose = Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose');

/** An open bsg node. */
export class BsgDevice extends ScsiCommands {
  /** The node's path. */
  readonly path: string;
  /** The device's address, from the node's name (undefined for a node named otherwise). */
  readonly address: ScsiAddress | undefined;
  /** True when opened read-only. */
  readonly readOnly: boolean;
  #fd: number;
  #closing: Promise<void> | undefined;
  #closed = false;
  #gone: DeviceGoneError | undefined;
  readonly #syncSlot = new V4Slot();
  readonly #freeSlots: V4Slot[] = [];
  readonly #inFlight = new Set<Promise<unknown>>();

  private constructor(path: string, fd: number, readOnly: boolean) {
    super();
    this.path = path;
    this.#fd = fd;
    this.readOnly = readOnly;
    const name = path.slice(path.lastIndexOf('/') + 1);
    this.address = parseHctl(name);
  }

  /**
   * Opens a bsg node. `path` is `/dev/bsg/H:C:T:L`, or an sg node, block
   * device or `H:C:T:L` address whose bsg node is looked up in sysfs.
   */
  static openSync(path: string, options: BsgOpenOptions = {}): BsgDevice {
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
    return new BsgDevice(node, fd, readOnly);
  }

  /** Promise form of {@link BsgDevice.openSync}. */
  static async open(path: string, options: BsgOpenOptions = {}): Promise<BsgDevice> {
    await Promise.resolve();
    return BsgDevice.openSync(path, options);
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The file descriptor (do not close it yourself). */
  get fd(): number {
    this.#assertOpen('fd');
    return this.#fd;
  }

  #assertOpen(what: string): void {
    if (this.#closed || this.#closing) throw new DeviceClosedError(this.path, what);
    if (this.#gone) throw this.#gone;
  }

  #prepare(a: CdbDefinition | Uint8Array, b: object | undefined, c: ExecuteOptions | undefined): PreparedCommand {
    const [source, options] = normalize(a, b, c);
    if (options.transfer === 'mmap') {
      throw new TransferModeError(`${this.path}: bsg has no reserved buffer, so no mmap-ed IO; use transfer 'indirect' or 'direct' (bsg maps aligned buffers directly), or an sg node for mmap.`);
    }
    return prepareCommand(source, options, undefined);
  }

  #ioctlFailed(e: unknown): unknown {
    if (e instanceof SystemError && (e.code === 'ENODEV' || e.code === 'ENXIO')) {
      this.#gone ??= new DeviceGoneError(this.path, '', { cause: e });
      return this.#gone;
    }
    return e;
  }

  /** Runs a command synchronously (SG_IO on the calling thread). Same arguments and results as SgDevice.executeSync. */
  executeSync<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult;
  executeSync(cdb: Uint8Array, options?: ExecuteOptions): CommandResult;
  executeSync(a: CdbDefinition | Uint8Array, b?: object, c?: ExecuteOptions): CommandResult {
    this.#assertOpen('executeSync()');
    const options = optionsOf(a, b, c);
    if (options.signal?.aborted) throw new CommandCanceledError('aborted', nameOf(a));
    const command = this.#prepare(a, b, c);
    const attempts = new Attempts(options, command.timeoutMs, startClock(options));
    const slot = this.#syncSlot;
    for (let attempt = 1; ; attempt++) {
      const header = slot.encode(command);
      try {
        ioctlPointer(this.#fd, SG_IO, header);
      } catch (e) {
        throw this.#ioctlFailed(e);
      }
      const result = buildResult(command, slot.complete(), slot.sense, undefined, undefined, undefined);
      slot.command = undefined;
      const verdict = attempts.judge(result, attempt);
      if (typeof verdict !== 'number') return verdict;
      sleepSync(verdict);
    }
  }

  /**
   * Runs a command asynchronously: the SG_IO ioctl blocks a worker of the
   * libc async pool, not the event loop. Same arguments and results as
   * SgDevice.execute. An abort rejects at once; the command itself runs to
   * completion in the kernel (its buffers stay referenced until then).
   */
  execute<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): Promise<CommandResult>;
  execute(cdb: Uint8Array, options?: ExecuteOptions): Promise<CommandResult>;
  async execute(a: CdbDefinition | Uint8Array, b?: object, c?: ExecuteOptions): Promise<CommandResult> {
    this.#assertOpen('execute()');
    const options = optionsOf(a, b, c);
    const command = this.#prepare(a, b, c);
    const attempts = new Attempts(options, command.timeoutMs, startClock(options));
    for (let attempt = 1; ; attempt++) {
      const verdict = attempts.judge(await this.#runAsync(command, options.signal), attempt);
      if (typeof verdict !== 'number') return verdict;
      if (verdict > 0) await sleep(verdict);
      if (this.#closed || this.#closing) throw new CommandCanceledError('closed', command.name);
    }
  }

  #runAsync(command: PreparedCommand, signal: AbortSignal | undefined): Promise<CommandResult> {
    if (signal?.aborted) return Promise.reject(new CommandCanceledError('aborted', command.name, { cause: signal.reason }));
    const slot = this.#freeSlots.pop() ?? new V4Slot();
    const header = slot.encode(command);
    const run = ioctlAsync(this.#fd, SG_IO, header).then(
      () => buildResult(command, slot.complete(), slot.sense, undefined, undefined, undefined),
      (e: unknown) => {
        throw this.#ioctlFailed(e);
      },
    );
    // the slot (and the command's buffers it references) is reused only once the kernel is done with it
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    this.#inFlight.add(done);
    void done.then(() => {
      this.#inFlight.delete(done);
      slot.command = undefined;
      this.#freeSlots.push(slot);
    });
    if (!signal) return run;
    return new Promise<CommandResult>((resolve, reject) => {
      const onAbort = (): void => reject(new CommandCanceledError('aborted', command.name, { cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
      run.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** Closes the node after the commands in flight complete. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
      this.#closed = true;
      closeFd(this.#fd);
      this.#fd = -1;
    })();
    return this.#closing;
  }

  /** `await using dev = await BsgDevice.open(...)` support. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }
}

function optionsOf(a: CdbDefinition | Uint8Array, b: object | undefined, c: ExecuteOptions | undefined): ExecuteOptions {
  return (a instanceof Uint8Array ? b : c) ?? {};
}

function nameOf(a: CdbDefinition | Uint8Array): string {
  return a instanceof Uint8Array ? 'command' : a.name;
}

function normalize(a: CdbDefinition | Uint8Array, b: object | undefined, c: ExecuteOptions | undefined): [CommandSource, ExecuteOptions] {
  if (a instanceof Uint8Array) return [a, b ?? {}];
  if (!a || typeof a !== 'object' || a.kind !== 'cdb') throw new TypeError('execute() expects a CDB definition (defineCdb) or the CDB bytes as a Uint8Array');
  return [{ definition: a, fields: b as FieldsInput<FieldSpecs> | undefined }, c ?? {}];
}
