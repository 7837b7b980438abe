/**
 * `TcmuTarget`: serves one TCMU device. It waits for the kernel's events on
 * the uio fd (a poll on libc's worker pool), turns each ring entry into a
 * {@link ScsiRequest} (the CDB decoded with struct's definitions), runs it
 * through a {@link ScsiDisk} (or any executor), writes the data-in bytes and
 * the completion into the ring and kicks the kernel.
 */
import { type CommandSet, ScsiStatus, standardCommands, type CdbDefinition, type DataDirection } from '@sgio/struct';
import { TargetError } from './errors.js';
import { type RingCommand, TcmuRing } from './ring/tcmu-ring.js';
import { UioDevice } from './ring/uio-device.js';
import type { ScsiRequest } from './scsi/request.js';
import { checkCondition, Sense } from './scsi/response.js';
import type { ExecuteResult } from './scsi/scsi-disk.js';

/** Anything that answers requests ({@link ScsiDisk} is one). */
export interface RequestExecutor {
  /** Answers one request; `'drop'` leaves it unanswered. */
  execute(request: ScsiRequest): Promise<ExecuteResult>;
}

/** Options of {@link TcmuTarget.open}. */
export interface TcmuTargetOptions {
  /** The command definitions CDBs are decoded with; default struct's `standardCommands`. */
  readonly commands?: CommandSet;
  /** Called with errors that do not stop serving (a handler's failure, a malformed entry). */
  readonly onError?: (error: Error) => void;
}

/** Counters of a target. */
export interface TargetStats {
  /** Commands received from the ring. */
  readonly received: number;
  /** Commands completed. */
  readonly completed: number;
  /** Commands completed with CHECK CONDITION. */
  readonly checkConditions: number;
  /** Commands dropped by fault rules. */
  readonly dropped: number;
  /** Malformed ring entries answered with HARDWARE ERROR. */
  readonly malformed: number;
}

/** Serves a TCMU uio device. */
export class TcmuTarget {
  readonly #device: UioDevice;
  readonly #ring: TcmuRing;
  readonly #executor: RequestExecutor;
  readonly #commands: CommandSet;
  readonly #onError: (error: Error) => void;
  readonly #running = new Set<Promise<void>>();
  readonly #stats = { received: 0, completed: 0, checkConditions: 0, dropped: 0, malformed: 0 };
  #loop: Promise<void> | undefined;
  #kickPending = false;
  #closed = false;
  #failure: Error | undefined;

  private constructor(device: UioDevice, executor: RequestExecutor, options: TcmuTargetOptions) {
    this.#device = device;
    this.#ring = new TcmuRing(device.bytes, device.copier);
    this.#executor = executor;
    this.#commands = options.commands ?? standardCommands;
    this.#onError = options.onError ?? (() => undefined);
  }

  /**
   * Opens `/dev/uioN` (a TCMU device), maps its ring and starts serving it
   * with `executor`. Commands already in the ring (left by a handler that
   * stopped) are served first.
   */
  static open(uioPath: string, executor: RequestExecutor, options: TcmuTargetOptions = {}): TcmuTarget {
    const device = UioDevice.open(uioPath);
    let target: TcmuTarget;
    try {
      target = new TcmuTarget(device, executor, options);
    } catch (e) {
      void device.close();
      throw e;
    }
    target.#loop = target.#serve();
    return target;
  }

  /** The uio device's path. */
  get path(): string {
    return this.#device.info.path;
  }

  /** Counters. */
  get stats(): TargetStats {
    return { ...this.#stats };
  }

  /** Resolves when serving stops: after close(), or when the ring broke ({@link failure} says why). */
  get done(): Promise<void> {
    return this.#loop ?? Promise.resolve();
  }

  async #serve(): Promise<void> {
    try {
      while (!this.#closed) {
        for (const command of this.#ring.poll()) this.#start(command);
        this.#flushKick();
        if (!(await this.#device.wait())) break;
      }
    } catch (e) {
      this.#failure = e as Error;
      this.#onError(e as Error);
    }
  }

  #start(command: RingCommand): void {
    this.#stats.received++;
    const task = this.#run(command).catch((e: unknown) => this.#onError(e as Error));
    this.#running.add(task);
    void task.finally(() => this.#running.delete(task));
  }

  #request(command: RingCommand): ScsiRequest {
    const cdb = command.cdb;
    let definition: CdbDefinition | undefined;
    let fields: Record<string, unknown> = {};
    let direction: DataDirection = 'none';
    try {
      definition = this.#commands.lookup(cdb, { deviceType: 0 });
      if (definition) {
        fields = definition.decode(cdb);
        direction = definition.directionOf(fields as never);
      }
    } catch {
      definition = undefined;
      fields = {};
    }
    return {
      id: command.cmdId,
      cdb,
      opcode: cdb[0] ?? 0,
      definition,
      fields,
      direction,
      dataLength: command.dataLength,
      dataOut: direction === 'out' ? this.#ring.readData(command) : new Uint8Array(0),
    };
  }

  async #run(command: RingCommand): Promise<void> {
    if (command.malformed !== undefined) {
      this.#stats.malformed++;
      this.#onError(new TargetError('ETCMU_RING_BROKEN', `malformed command entry ${command.cmdId}: ${command.malformed}; answered HARDWARE ERROR`));
      this.#complete(command, checkCondition(Sense.INTERNAL_TARGET_FAILURE), undefined);
      return;
    }
    let request: ScsiRequest;
    try {
      request = this.#request(command);
    } catch (e) {
      // the data-out could not be copied (ETCMU_DATA, the device closing): answer, never leave the command to the kernel's timeout
      this.#failData(command, e);
      return;
    }
    const result = await this.#executor.execute(request).catch((e: unknown) => {
      this.#onError(e as Error);
      return checkCondition(Sense.INTERNAL_TARGET_FAILURE);
    });
    if (result === 'drop') {
      this.#stats.dropped++;
      return;
    }
    // the data's buffer goes back (result.release) once it is in the ring, or will never get there
    try {
      if (this.#closed && this.#device.closed) return;
      let readLength: number | undefined;
      if (result.data && result.data.length > 0 && request.direction !== 'out') {
        let n: number;
        try {
          n = this.#ring.writeData(command, result.data);
        } catch (e) {
          this.#failData(command, e);
          return;
        }
        if (n < command.dataLength) readLength = n;
      }
      this.#complete(command, result, readLength);
    } finally {
      result.release?.();
    }
  }

  /** Reports a failed data copy and answers the command with INTERNAL TARGET FAILURE (unless the device is gone). */
  #failData(command: RingCommand, e: unknown): void {
    this.#onError(e as Error);
    if (this.#device.closed) return;
    this.#complete(command, checkCondition(Sense.INTERNAL_TARGET_FAILURE), undefined);
  }

  #complete(command: RingCommand, result: { status: number; sense?: Uint8Array | undefined }, readLength: number | undefined): void {
    if (this.#device.closed) return;
    this.#ring.complete(command.cmdId, { status: result.status, sense: result.sense, readLength });
    this.#stats.completed++;
    if (result.status === ScsiStatus.CHECK_CONDITION) this.#stats.checkConditions++;
    if (!this.#kickPending) {
      this.#kickPending = true;
      queueMicrotask(() => this.#flushKick());
    }
  }

  #flushKick(): void {
    if (!this.#kickPending) return;
    this.#kickPending = false;
    try {
      this.#device.kick();
    } catch (e) {
      this.#onError(e as Error);
    }
  }

  /**
   * Stops serving: no new commands are taken, commands being handled get up
   * to `graceMs` (default 5000) to finish and be completed, then the ring is
   * unmapped and the fds closed. Commands left in the ring are served by the
   * next handler that opens the device (or aborted by the kernel's timeout).
   * Idempotent.
   */
  async close(graceMs = 5000): Promise<void> {
    if (this.#closed) return this.#closing;
    this.#closed = true;
    this.#closing = (async () => {
      if (this.#running.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.allSettled([...this.#running]), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
        clearTimeout(timer);
      }
      this.#flushKick();
      await this.#device.close();
      await this.#loop?.catch(() => undefined);
    })();
    return this.#closing;
  }

  #closing: Promise<void> = Promise.resolve();

  /** Why serving stopped with an error, or undefined. */
  get failure(): Error | undefined {
    return this.#failure;
  }
}
