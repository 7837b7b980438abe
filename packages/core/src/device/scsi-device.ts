/**
 * `ScsiDevice`: an open device node that runs commands through one
 * {@link ScsiTransport}. It holds what every transport shares: the call
 * shapes and option checks of `execute`/`executeSync`, the attempts loop
 * (outcome mapping, retries with their waits, `throwOnError`, `measure`),
 * the open/closed state, and `close()`. SgDevice and BsgDevice are its
 * subclasses; they open the node, pick the transport and add what only
 * their node has (the sg reserved buffer, prepared requests, the SCSI
 * address).
 */
import { close as closeFd } from '@sgio/libc';
import type { CdbDefinition, FieldSpecs, FieldsInput } from '@sgio/struct';
import { ScsiCommands } from '../commands/scsi-commands.js';
import { CommandCanceledError, DeviceClosedError, type DeviceGoneError } from '../errors/sgio-error.js';
import { Attempts, startClock } from '../execute/attempts.js';
import type { ExecuteOptions } from '../execute/options.js';
import { errorFor } from '../execute/outcome.js';
import { prepareCommand, type CommandSource, type PreparedCommand } from '../execute/prepare.js';
import type { PreparedRequest } from '../execute/prepared-request.js';
import type { CommandResult } from '../execute/result.js';
import type { ScsiTransport } from '../transport/scsi-transport.js';
import { notifyListeners, type CommandListener } from './command-event.js';
import { optionsOf, sourceOf } from './command-args.js';
import { sleep, sleepSync } from './sleep.js';

const asyncDispose: typeof Symbol.asyncDispose = Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose');

/**
 * An open device: the convenience commands of {@link ScsiCommands} over
 * `execute`/`executeSync`, which run through the device's transport.
 */
export abstract class ScsiDevice extends ScsiCommands {
  /** The node's path. */
  readonly path: string;
  /** True when opened read-only. */
  readonly readOnly: boolean;
  /** How commands reach the kernel (see its `capabilities`). */
  readonly transport: ScsiTransport;
  #fd: number;
  #closing: Promise<void> | undefined;
  #closed = false;
  /** undefined until a listener is added, so the hot path tests one field and allocates nothing. */
  #listeners: CommandListener[] | undefined;

  /** @param fd the open node, closed by {@link close} after the transport */
  protected constructor(path: string, fd: number, readOnly: boolean, transport: ScsiTransport) {
    super();
    this.path = path;
    this.#fd = fd;
    this.readOnly = readOnly;
    this.transport = transport;
  }

  /**
   * The file descriptor (for advanced use; do not close it yourself). To
   * share the device, pass it to a child process (`spawn`'s `stdio` array)
   * or its number to a worker thread, where `SgDevice.fromFd` adopts it.
   */
  get fd(): number {
    this.assertOpen('fd');
    return this.#fd;
  }

  /** True once {@link close} has been called. */
  get closed(): boolean {
    return this.#closed || this.#closing !== undefined;
  }

  /** Throws when the device is closed (or closing) or gone; `what` names the call for the message. */
  protected assertOpen(what: string): void {
    if (this.#closed || this.#closing) throw new DeviceClosedError(this.path, what);
    const gone = this.goneError();
    if (gone) throw gone;
  }

  /** The error that made the device unusable, if any (a subclass with more than one transport asks each). */
  protected goneError(): DeviceGoneError | undefined {
    return this.transport.gone;
  }

  /** The transport that runs `command` asynchronously: {@link transport}, unless a subclass routes some commands elsewhere. */
  protected asyncTransport(_command: PreparedCommand): ScsiTransport {
    return this.transport;
  }

  /** Closes the transports (see {@link close}); a subclass with more than one closes them all. */
  protected closeTransports(): Promise<void> {
    return this.transport.close();
  }

  /**
   * Adds an `onCommand` listener, called after every command this device
   * sends (each attempt, retries included) with its CDB, status, duration,
   * bytes and outcome. Returns a function that removes it. Without
   * listeners, commands pay nothing for the hook.
   *
   * @example
   * ```ts
   * dev.addCommandListener((e) => console.error(e.name, e.durationMs));
   * ```
   */
  addCommandListener(listener: CommandListener): () => void {
    if (typeof listener !== 'function') throw new TypeError('addCommandListener(): pass a function (event) => void');
    this.#listeners = [...(this.#listeners ?? []), listener];
    return () => {
      const rest = (this.#listeners ?? []).filter((l) => l !== listener);
      this.#listeners = rest.length > 0 ? rest : undefined;
    };
  }

  /** The `onCommand` listeners, for prepared requests (undefined when none). */
  protected get commandListeners(): readonly CommandListener[] | undefined {
    return this.#listeners;
  }

  #submitSync(command: PreparedCommand): CommandResult {
    if (!this.#listeners) return this.transport.submitSync(command);
    // the clock is read only for listeners (their events carry the attempt's wall-clock time)
    const startedAt = performance.now();
    const result = this.transport.submitSync(command);
    if (this.#listeners) notifyListeners(this.#listeners, result, command.direction === 'out' ? command.data : undefined, startedAt);
    return result;
  }

  #submit(command: PreparedCommand, signal: AbortSignal | undefined): Promise<CommandResult> {
    const listeners = this.#listeners;
    const transport = this.asyncTransport(command);
    if (!listeners) return transport.submit(command, signal);
    const startedAt = performance.now();
    return transport.submit(command, signal).then((result) => {
      notifyListeners(listeners, result, command.direction === 'out' ? command.data : undefined, startedAt);
      return result;
    });
  }

  /** The fd, for subclasses, without the open check. */
  protected get rawFd(): number {
    return this.#fd;
  }

  /**
   * Builds the prepared command; subclasses add the checks of their node
   * (the sg reserved buffer's mapping, bsg's lack of one).
   */
  protected prepareCommand(source: CommandSource, options: ExecuteOptions): PreparedCommand {
    return prepareCommand(source, options, undefined);
  }

  /**
   * Prepares a command to be issued many times without allocating: the
   * kernel header, CDB copy, sense buffer and data buffer are built once.
   * Update `request.cdb` in place between runs (e.g. with the definition's
   * `encodeInto`, or a field setter), then call `request.run()` (SG_IO on
   * the calling thread) or `request.submit()` (the device's async
   * transport: on an sg node the queue, or SG_IO on the worker pool for a
   * read-only fd; on a bsg node io_uring, or SG_IO on the worker pool).
   * Options as for {@link execute}, except that `retry` and `measure` do
   * not apply (prepared requests do not retry) and `signal` is not
   * supported. A `receive` length (rather than a buffer) allocates the data
   * buffer once (page-aligned for direct IO); with mmap IO (sg nodes) the
   * data is the reserved-buffer mapping (`request.data`).
   */
  prepare<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): PreparedRequest;
  prepare(cdb: Uint8Array, options?: ExecuteOptions): PreparedRequest;
  prepare(a: CdbDefinition | Uint8Array, b?: object, c?: ExecuteOptions): PreparedRequest {
    this.assertOpen('prepare()');
    const source = sourceOf(a, b);
    const options = optionsOf(a, b, c);
    if (options.signal) throw new TypeError('prepare(): prepared requests take no AbortSignal');
    return this.newPreparedRequest(this.prepareCommand(source, options), options.throwOnError !== false);
  }

  /** The node type's prepared request for a checked command (its header format, its transport's prepared path). */
  protected abstract newPreparedRequest(command: PreparedCommand, throwOnError: boolean): PreparedRequest;

  /**
   * Runs a command synchronously (SG_IO on the calling thread), blocking
   * until it completes. Same arguments and result as {@link execute}.
   */
  executeSync<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult;
  executeSync(cdb: Uint8Array, options?: ExecuteOptions): CommandResult;
  executeSync(a: CdbDefinition | Uint8Array, b?: object, c?: ExecuteOptions): CommandResult {
    this.assertOpen('executeSync()');
    const source = sourceOf(a, b);
    const options = optionsOf(a, b, c);
    if (options.signal?.aborted) throw new CommandCanceledError('aborted', a instanceof Uint8Array ? 'command' : a.name, { cause: options.signal.reason });
    const command = this.prepareCommand(source, options);
    const startedAt = startClock(options);
    let result = this.#submitSync(command);
    const error = errorFor(result, command.timeoutMs);
    // the common case: success, nothing to measure, no retry bookkeeping
    if (!error && startedAt < 0) return result;
    const attempts = new Attempts(options, command.timeoutMs, startedAt);
    for (let attempt = 1; ; attempt++) {
      const verdict = attempts.judge(result, attempt, attempt === 1 ? error : undefined);
      if (typeof verdict !== 'number') return verdict;
      sleepSync(verdict);
      this.assertOpen('executeSync()');
      result = this.#submitSync(command);
    }
  }

  /**
   * Runs a command without blocking the event loop, through the device's
   * transport (see `transport.capabilities.kind`). Resolves with the result;
   * rejects with a typed error for a bad outcome unless `throwOnError` is
   * false. The command is a DSL definition with its fields, or raw CDB bytes.
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
      this.assertOpen('execute()');
      const source = sourceOf(a, b);
      options = optionsOf(a, b, c);
      command = this.prepareCommand(source, options);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const first = this.#submit(command, options.signal);
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
      pending = this.#submit(command, options.signal);
    }
  }

  /** Releases what the subclass holds beyond the fd (e.g. a mapping); runs after the transport closed, before the fd closes. */
  protected releaseResources(): void {
    // nothing by default
  }

  /**
   * Closes the device: the transport settles what is queued or in flight
   * (see the subclass for how), then the fd is closed. Idempotent: every call
   * returns the same promise. Later calls of other methods throw
   * {@link DeviceClosedError}.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await this.closeTransports();
      } finally {
        this.#closed = true;
        this.releaseResources();
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
