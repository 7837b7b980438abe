/**
 * What the sg transports (the v3 async queue, SG_IO on the worker pool) offer
 * beyond the transport contract, for SgDevice: the synchronous path, prepared
 * requests, the gone state, reserved-buffer use and counters.
 */
import type { PreparedRequest } from '../../execute/prepared-request.js';
import type { ScsiTransport } from '../scsi-transport.js';
import type { QueueStats } from './queue-stats.js';
import type { SgIoSync } from './sg-io-sync.js';

/** What an sg transport needs from its device. */
export interface SgFdHost {
  /** The file descriptor (owned by the device). */
  readonly fd: number;
  /** The device path, for messages. */
  readonly path: string;
  /** The mapped reserved buffer's view, when mapped and open. */
  mmapView(): Uint8Array | undefined;
  /** The fd's reserved buffer size in bytes (cached by the device). */
  reservedSize(): number;
}

/** An sg v3 transport. */
export interface SgV3Transport extends ScsiTransport {
  /** SG_IO on the calling thread (executeSync, prepared `run()`). */
  readonly sync: SgIoSync;
  /** True while a command in flight may hold the reserved buffer. */
  readonly reserveBusy: boolean;
  /** Queues a prepared request; it settles through its own resolve/reject. */
  submitPrepared(request: PreparedRequest): void;
  /** Counters. */
  stats(): QueueStats;
}
