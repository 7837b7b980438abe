/**
 * `openLanes`: lanes for a device, of the kind that suits how it is opened.
 *
 * A read-only sg fd cannot take the driver's write()/read() queue (the
 * driver refuses write() on it), so each command of read-only {@link SgLanes}
 * is an SG_IO call on a thread of libc's worker pool, and the first one
 * waits for that thread to start (a Node.js isolate: 60 ms in the lab's
 * one-CPU guest). Where the kernel's bsg takes SCSI commands over io_uring
 * (Linux 7.2+), read-only lanes go through the device's bsg node instead
 * ({@link BsgLanes}): one system call submits, a command that completes at
 * once is read back without a thread, and no lane is replaced when a
 * command is abandoned. Read-write lanes stay {@link SgLanes}: the sg queue
 * needs no thread either, and mmap-ed IO saves a copy.
 */
import { DeviceOpenError, TransportUnavailableError } from '../errors/sgio-error.js';
import { BsgLanes } from './bsg-lanes.js';
import type { ScsiLanes } from './scsi-lanes.js';
import { SgLanes, type LanesOptions } from './sg-lanes.js';

/** Which lanes {@link openLanes} opens. */
export type LanesChoice = 'auto' | 'sg' | 'bsg-io-uring';

/** Options of {@link openLanes}. */
export interface OpenLanesOptions extends LanesOptions {
  /**
   * `sg`: {@link SgLanes}; `bsg-io-uring`: {@link BsgLanes} over io_uring
   * (fails where the kernel or the bsg node does not allow it); `auto`
   * (default): `bsg-io-uring` for read-only lanes where it opens, else `sg`.
   * `reservedSize` and `first` concern SgLanes only (`auto` with `first` opens SgLanes;
   * `bsg-io-uring` with `first` is refused).
   */
  readonly via?: LanesChoice;
}

/**
 * Opens lanes on `path` (an sg node) as {@link OpenLanesOptions.via} says.
 * Under `auto`, a bsg node that does not open (no permission: bsg nodes are
 * root's by default; no bsg node; a kernel without io_uring passthrough; a
 * ring refused by RLIMIT_MEMLOCK) leaves the lanes on the sg node.
 */
export async function openLanes(path: string, options: OpenLanesOptions = {}): Promise<ScsiLanes> {
  const { via = 'auto', ...sgOptions } = options;
  if (via !== 'auto' && via !== 'sg' && via !== 'bsg-io-uring') throw new TypeError(`via must be 'auto', 'sg' or 'bsg-io-uring', got ${String(via)}`);
  // the lanes would own an sg device they never use: refused, the caller keeps it
  if (via === 'bsg-io-uring' && options.first) throw new RangeError(`openLanes(${path}): 'first' is an sg device, which bsg lanes cannot use; leave it out or use via 'sg' or 'auto'`);
  if (via === 'sg' || (via === 'auto' && (!options.readOnly || options.first))) return SgLanes.open(path, sgOptions);
  try {
    return await BsgLanes.open(path, {
      transport: 'io_uring',
      ...(options.lanes !== undefined ? { lanes: options.lanes } : {}),
      ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
      ...(options.onCommand ? { onCommand: options.onCommand } : {}),
    });
  } catch (e) {
    if (via === 'bsg-io-uring' || !(e instanceof DeviceOpenError || e instanceof TransportUnavailableError)) throw e;
    return SgLanes.open(path, sgOptions);
  }
}
