/**
 * The bsg transport: the sg v4 header (`struct sg_io_v4`) through the SG_IO
 * ioctl on a bsg node, synchronously on the calling thread or on the libc
 * worker pool, several at once. bsg has no reserved buffer, so no mmap-ed IO.
 *
 * Memory: a slot (header, sense buffer) references its command (CDB, data)
 * from encoding until the ioctl has returned, and is reused only then, even
 * when the caller's promise settled earlier (abort).
 */
import { LibcError, SystemError, ioctlAsync, ioctlPointer } from '@sgio/libc';
import { SG_IO } from '@sgio/struct';
import { CommandCanceledError, DeviceGoneError } from '../../errors/sgio-error.js';
import { buildResult } from '../../execute/build-result.js';
import type { PreparedCommand } from '../../execute/prepare.js';
import type { CommandResult } from '../../execute/result.js';
import type { ScsiTransport, TransportCapabilities } from '../scsi-transport.js';
import { V4Slot } from './v4-slot.js';

/** The libc worker pool's default thread count: the most SG_IO calls in the kernel at once. */
const WORKER_POOL_DEPTH = 16;

/** SG_IO with v4 headers on one bsg fd. */
export class BsgTransport implements ScsiTransport {
  readonly capabilities: TransportCapabilities;
  readonly #fd: number;
  readonly #path: string;
  readonly #syncSlot = new V4Slot();
  readonly #freeSlots: V4Slot[] = [];
  readonly #inFlight = new Set<Promise<unknown>>();
  #gone: DeviceGoneError | undefined;
  #closed = false;
  /** Aborted by close(): withdraws calls still waiting for a worker. */
  readonly #closing = new AbortController();

  /** @param fd the bsg node's fd (owned by the device) */
  constructor(fd: number, path: string, readOnly: boolean) {
    this.#fd = fd;
    this.#path = path;
    this.capabilities = Object.freeze({ kind: 'bsg', queueDepth: WORKER_POOL_DEPTH, mmap: false, directIo: true, readOnly, abortWhileQueued: false });
  }

  /** The error that made the device unusable, if any. */
  get gone(): DeviceGoneError | undefined {
    return this.#gone;
  }

  #ioctlFailed(e: unknown): unknown {
    if (e instanceof SystemError && (e.code === 'ENODEV' || e.code === 'ENXIO')) {
      this.#gone ??= new DeviceGoneError(this.#path, '', { cause: e });
      return this.#gone;
    }
    return e;
  }

  submitSync(command: PreparedCommand): CommandResult {
    const slot = this.#syncSlot;
    const header = slot.encode(command);
    try {
      ioctlPointer(this.#fd, SG_IO, header);
    } catch (e) {
      slot.command = undefined;
      throw this.#ioctlFailed(e);
    }
    const result = buildResult(command, slot.complete(), slot.sense, undefined, undefined, undefined);
    slot.command = undefined;
    return result;
  }

  submit(command: PreparedCommand, signal?: AbortSignal): Promise<CommandResult> {
    if (this.#gone) return Promise.reject(this.#gone);
    if (this.#closed) return Promise.reject(new CommandCanceledError('closed', command.name));
    if (signal?.aborted) return Promise.reject(new CommandCanceledError('aborted', command.name, { cause: signal.reason }));
    const slot = this.#freeSlots.pop() ?? new V4Slot();
    const header = slot.encode(command);
    const run = ioctlAsync(this.#fd, SG_IO, header, { signal: this.#closing.signal }).then(
      () => buildResult(command, slot.complete(), slot.sense, undefined, undefined, undefined),
      (e: unknown) => {
        if (e instanceof LibcError && e.code === 'ERR_ASYNC_ABORTED') throw new CommandCanceledError('closed', command.name, { cause: e });
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

  /**
   * Takes no more commands, withdraws those still waiting for a worker (they
   * never reach the fd; they end with a canceled error) and resolves once
   * those in the kernel have returned (they keep their results: the fd and
   * their buffers were valid until then).
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#closing.abort();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }
}
