/**
 * The bsg transport: the sg v4 header (`struct sg_io_v4`) through the SG_IO
 * ioctl on a bsg node, synchronously on the calling thread or on the libc
 * worker pool, several at once. bsg has no reserved buffer, so no mmap-ed IO.
 *
 * Memory: a slot (header, sense buffer) references its command (CDB, data)
 * from encoding until the ioctl has returned, and is reused only then, even
 * when the caller's promise settled earlier (abort).
 */
import { ioctlPointer } from '@sgio/libc';
import { SG_IO } from '@sgio/struct';
import { isGoneErrno } from '../../errors/gone-errno.js';
import { DeviceGoneError } from '../../errors/sgio-error.js';
import { buildResult } from '../../execute/build-result.js';
import type { PreparedCommand } from '../../execute/prepare.js';
import type { PreparedRequest } from '../../execute/prepared-request.js';
import type { CommandResult } from '../../execute/result.js';
import { PoolCalls } from '../pool-calls.js';
import type { ScsiTransport, TransportCapabilities } from '../scsi-transport.js';
import type { BsgPreparedTransport } from './bsg-prepared-transport.js';
import { V4Slot } from './v4-slot.js';
import { runV4Sync } from './v4-sync.js';

/** The libc worker pool's default thread count: the most SG_IO calls in the kernel at once. */
const WORKER_POOL_DEPTH = 16;

/** SG_IO with v4 headers on one bsg fd. */
export class BsgTransport implements ScsiTransport, BsgPreparedTransport {
  readonly capabilities: TransportCapabilities;
  readonly #fd: number;
  readonly #path: string;
  readonly #syncSlot = new V4Slot();
  readonly #freeSlots: V4Slot[] = [];
  /** Calls on the worker pool; a call that returns after close() keeps its result. */
  readonly #calls: PoolCalls;
  #gone: DeviceGoneError | undefined;

  /** @param fd the bsg node's fd (owned by the device) */
  constructor(fd: number, path: string, readOnly: boolean) {
    this.#fd = fd;
    this.#path = path;
    this.capabilities = Object.freeze({ kind: 'bsg', queueDepth: WORKER_POOL_DEPTH, mmap: false, directIo: true, readOnly, abortWhileQueued: false });
    this.#calls = new PoolCalls({ fd, deviceGone: (e) => this.#deviceGone(e), deliverAfterClose: true });
  }

  /** The error that made the device unusable, if any. */
  get gone(): DeviceGoneError | undefined {
    return this.#gone;
  }

  #deviceGone(cause: unknown): DeviceGoneError {
    this.#gone ??= new DeviceGoneError(this.#path, '', { cause });
    return this.#gone;
  }

  submitSync(command: PreparedCommand): CommandResult {
    try {
      return runV4Sync(this.#fd, this.#syncSlot, command);
    } catch (e) {
      throw isGoneErrno(e) ? this.#deviceGone(e) : e;
    }
  }

  submit(command: PreparedCommand, signal?: AbortSignal): Promise<CommandResult> {
    const refused = this.#calls.refusal(command.name, signal, this.#gone);
    if (refused) return Promise.reject(refused);
    const slot = this.#freeSlots.pop() ?? new V4Slot();
    const header = slot.encode(command);
    // the slot (and the command's buffers it references) is reused only once the kernel is done with it
    return this.#calls.issue(
      header,
      command.name,
      signal,
      () => buildResult(command, slot.complete(), slot.sense, undefined, undefined, undefined),
      () => {
        slot.command = undefined;
        this.#freeSlots.push(slot);
      },
    );
  }

  runPrepared(header: Uint8Array): void {
    try {
      ioctlPointer(this.#fd, SG_IO, header);
    } catch (e) {
      throw isGoneErrno(e) ? this.#deviceGone(e) : e;
    }
  }

  submitPrepared(request: PreparedRequest): void {
    this.#calls.issuePrepared(request, this.#gone, undefined);
  }

  /**
   * Takes no more commands, withdraws those still waiting for a worker (they
   * never reach the fd; they end with a canceled error) and resolves once
   * those in the kernel have returned (they keep their results: the fd and
   * their buffers were valid until then).
   */
  close(): Promise<void> {
    return this.#calls.close();
  }
}
