/**
 * The sg v3 transport of an fd open read-write: asynchronous commands go
 * through the driver's write()/read() interface ({@link AsyncQueue}: up to
 * 16 in flight, more wait in a JS queue, mmap-ed ones one at a time);
 * synchronous ones through SG_IO on the calling thread.
 */
import { SG_MAX_QUEUE } from '@sgio/struct';
import type { DeviceGoneError } from '../../errors/sgio-error.js';
import type { PreparedCommand } from '../../execute/prepare.js';
import type { PreparedRequest } from '../../execute/prepared-request.js';
import type { CommandResult } from '../../execute/result.js';
import type { TransportCapabilities } from '../scsi-transport.js';
import type { QueueStats } from '../sg-v3/queue-stats.js';
import { SgIoSync } from '../sg-v3/sg-io-sync.js';
import type { SgFdHost, SgV3Transport } from '../sg-v3/sg-v3-transport.js';
import { AsyncQueue } from './async-queue.js';

const CAPABILITIES: TransportCapabilities = Object.freeze({ kind: 'sg-queue', queueDepth: SG_MAX_QUEUE, mmap: true, directIo: true, readOnly: false, abortWhileQueued: true });

/** The async queue plus SG_IO of one read-write sg fd. */
export class SgQueueTransport implements SgV3Transport {
  readonly capabilities = CAPABILITIES;
  readonly sync: SgIoSync;
  readonly #queue: AsyncQueue;
  readonly #host: SgFdHost;

  constructor(host: SgFdHost) {
    this.#host = host;
    const queue = new AsyncQueue(host);
    this.#queue = queue;
    this.sync = new SgIoSync({
      fd: host.fd,
      path: host.path,
      deviceGone: (cause) => queue.deviceGone(cause),
      mmapView: () => host.mmapView(),
      get reserveBusy() {
        return queue.reserveBusy;
      },
    });
  }

  /** The error that made the device unusable, if any. */
  get gone(): DeviceGoneError | undefined {
    return this.#queue.goneError;
  }

  get reserveBusy(): boolean {
    return this.#queue.reserveBusy;
  }

  submit(command: PreparedCommand, signal?: AbortSignal): Promise<CommandResult> {
    return this.#queue.run(command, signal);
  }

  submitSync(command: PreparedCommand): CommandResult {
    return this.sync.run(command);
  }

  submitPrepared(request: PreparedRequest): void {
    this.#queue.runPrepared(request);
  }

  stats(): QueueStats {
    return this.#queue.stats();
  }

  close(): Promise<void> {
    return this.#queue.shutdown();
  }

  /** The device path. */
  get path(): string {
    return this.#host.path;
  }
}
