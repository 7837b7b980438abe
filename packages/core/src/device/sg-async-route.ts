/**
 * Which way an SgDevice's asynchronous commands go: through the sg driver on
 * the device's own fd (the write/read queue, or SG_IO on libc's worker pool
 * for a read-only fd), or through an io_uring ring on the same device's bsg
 * node (`/dev/bsg/H:C:T:L`, Linux 7.2+): one io_uring_enter(2) for the
 * commands of a tick, completions read from the ring without a system call
 * each and without a worker thread.
 *
 * Measured in the lab (Linux 7.2.7, scsi_debug, one CPU): `await execute()`
 * of single-block reads at queue depth 1 runs 1.65x faster over the ring
 * than through the sg queue's write() + read(), and 4 KiB reads at queue
 * depth 16 5.6-5.9x faster; a read-only device's first command takes
 * 9-14 ms instead of 73-79 ms (no worker thread to start).
 *
 * What may take the ring: a command that receives data or moves none, with
 * `transfer: 'indirect'` and no sg flags (no `queueAt`). mmap-ed IO needs
 * the sg fd's reserved buffer and direct IO the sg driver's own flag (and
 * its report of what it did), so those always go through the sg driver, as
 * do `executeSync` and prepared `run()` (SG_IO on the sg fd is as fast as a
 * single command gets).
 *
 * Commands that send data stay on the sg driver too: it copies their data
 * into page-aligned buffers of its own, while bsg maps the caller's pages as
 * they lie, and a buffer that does not start on a page boundary reaches the
 * target as elements that do not either. LIO's COMPARE AND WRITE reads the
 * elements as whole pages ("Currently assumes NoLB=1 and SGLs are
 * PAGE_SIZE", its source says): measured in the lab (Linux 7.2.7, LIO
 * fileio over tcm_loop), through the bsg node over io_uring and over SG_IO
 * alike, a 1 KiB one (512-byte blocks) whose buffer crossed a page boundary
 * at its half wrote bytes from beside the buffer to the medium in 1 to 3
 * runs of 10, and an 8 KiB one (4096-byte blocks) 16 or 512 bytes past a
 * page boundary left the block unchanged in every run; through the sg node
 * never. bsg now sends such small buffers from page-aligned copies
 * (`transport/out-bounce.ts`), but the sg driver needs no copy of ours.
 *
 * Large transfers stay on the sg driver too: it gathers a command's data in
 * chunks of its own, while bsg maps the caller's memory page by page, one
 * scatter-gather element each, and the kernel refuses (EINVAL) a mapping of
 * more elements than the host takes. Measured on scsi_debug (2048
 * elements): the sg driver read 8 MiB in one command, the ring refused it
 * and took 4 MiB. So the ring takes at most (elements - 1) pages
 * (SG_GET_SG_TABLESIZE; one page less for a buffer that does not start on
 * a page), {@link SgAsyncRouteReport.maxTransferBytes}.
 *
 * Under `auto` the ring is set up at the first command that may take it, not
 * at open: a program that only runs commands synchronously never pays for
 * it (about 0.4 ms, and 1.5 ms more for the kernel probe, once a process).
 * Where it cannot be set up (a kernel without the bsg io_uring handler, no
 * bsg node, a bsg node the user may not open: they are root's by default, a
 * ring refused by RLIMIT_MEMLOCK, a read-only scanner, which the sg driver
 * lets pass more commands than bsg does), the commands stay on the sg
 * driver and {@link SgAsyncRoute.describe} says why.
 *
 * Both nodes address one logical unit: the bsg node's name is the address
 * SG_GET_SCSI_ID reported for the sg fd. The kernel applies the same
 * command filter to a read-only fd on both (`scsi_cmd_allowed`), except for
 * scanners on sg. Results are the same, except `durationMs`: bsg's ring
 * reports no duration, so it is 0 for commands that took it.
 */
import { close as closeFd, ioctlGetInt, O_CLOEXEC, O_RDONLY, O_RDWR, open as openFd, pageSize } from '@sgio/libc';
import { SG_GET_SG_TABLESIZE } from '@sgio/struct';
import { statSync } from 'node:fs';
import { TransportUnavailableError, type DeviceGoneError } from '../errors/sgio-error.js';
import type { PreparedCommand } from '../execute/prepare.js';
import type { PreparedRequest } from '../execute/prepared-request.js';
import { uringPassthroughSupport } from '../transport/io-uring/passthrough-probe.js';
import { UringTransport } from '../transport/io-uring/uring-transport.js';
import type { ScsiTransport } from '../transport/scsi-transport.js';
import type { SgV3Transport } from '../transport/sg-v3/sg-v3-transport.js';
import { bsgPathFor } from './bsg-path.js';

/**
 * How an SgDevice runs asynchronous commands (`execute`, prepared
 * `submit()`): `sg` through the sg driver only; `bsg-io-uring` through the
 * device's bsg node over io_uring (set up at open, which fails with a
 * {@link TransportUnavailableError} when it cannot be); `auto`: the ring
 * where it can be set up, at the first command that may take it, else the
 * sg driver. See the module comment for which commands may take the ring.
 */
export type SgAsyncVia = 'auto' | 'sg' | 'bsg-io-uring';

/** Where an SgDevice's asynchronous commands go now, and why (`SgDevice.asyncRoute()`). */
export interface SgAsyncRouteReport {
  /** `bsg-io-uring`: commands that may take the ring do; `sg`: every command goes through the sg driver. */
  readonly via: 'sg' | 'bsg-io-uring';
  /** The bsg node the ring runs on, when it does. */
  readonly bsgPath?: string;
  /** One sentence: why this way. */
  readonly reason: string;
  /** With the ring: the largest transfer it takes; larger ones go through the sg driver. */
  readonly maxTransferBytes?: number;
}

/** The ring an SgDevice set up on its bsg node, as the device shows it (`SgDevice.ringTransport`). */
export interface SgRingTransport extends ScsiTransport {
  /** Commands in the kernel now. */
  readonly inFlight: number;
  /** io_uring_enter calls that submitted commands, the commands they carried, and those sent with a registered buffer (none for an SgDevice). */
  stats(): { readonly submitCalls: number; readonly commands: number; readonly fixedBufferCommands: number };
}

/** Peripheral device type of a scanner: the sg driver lets any command pass on a read-only fd of one, bsg does not. */
const TYPE_SCANNER = 6;

/** True when `command` may run on the bsg ring: indirect IO without sg flags that sends no data (see the module comment). */
export function ringMayTake(command: PreparedCommand): boolean {
  return command.flags === 0 && command.transfer === 'indirect' && command.direction !== 'out';
}

/** What the route needs to know about its device. */
export interface SgAsyncRouteOptions {
  readonly via: SgAsyncVia;
  /** The sg fd (asked for its host's scatter-gather table size). */
  readonly fd: number;
  /** The sg node's path (for messages). */
  readonly path: string;
  readonly readOnly: boolean;
  /** The device's address from SG_GET_SCSI_ID: its bsg node is named after it. */
  readonly address: { readonly host: number; readonly channel: number; readonly target: number; readonly lun: number };
  readonly peripheralType: number;
  /** devtmpfs mount point (default `/dev`; for tests). */
  readonly dev?: string;
}

/** An SgDevice's choice between its sg transport and a ring on its bsg node (see the module comment). */
export class SgAsyncRoute {
  readonly #sg: SgV3Transport;
  readonly #options: SgAsyncRouteOptions;
  #ring: UringTransport | undefined;
  #bsgFd = -1;
  #bsgPath: string | undefined;
  /** The largest transfer the ring takes (see the module comment). */
  #ringMaxBytes = 0;
  /** Decided: the ring is up, or the reason it is not. */
  #decided: boolean;
  #reason: string;
  #closing: Promise<void> | undefined;

  /**
   * @param sg the device's sg transport, which takes every command the ring does not
   * @param options `via` already checked (SgDevice checks it before the device exists)
   */
  constructor(sg: SgV3Transport, options: SgAsyncRouteOptions) {
    this.#sg = sg;
    this.#options = options;
    this.#decided = options.via === 'sg';
    this.#reason = options.via === 'sg' ? "opened with via 'sg'" : 'no asynchronous command yet';
  }

  /** The `via` the device was opened with. */
  get via(): SgAsyncVia {
    return this.#options.via;
  }

  /** The ring, once set up (for stats and tests). */
  get ring(): SgRingTransport | undefined {
    return this.#ring;
  }

  /** The ring's gone state (a removed device fails its commands with ENODEV there first). */
  get gone(): DeviceGoneError | undefined {
    return this.#ring?.gone;
  }

  /** The transport that runs `command` asynchronously. */
  transportFor(command: PreparedCommand): ScsiTransport {
    return this.#pick(command);
  }

  /** Queues a prepared request on the transport {@link transportFor} picks for its command. */
  submitPrepared(request: PreparedRequest): void {
    this.#pick(request.command).submitPrepared(request);
  }

  /** The ring for a command it may take and can map (setting it up under `auto` at the first such command), else the sg transport. */
  #pick(command: PreparedCommand): SgV3Transport | UringTransport {
    if (!ringMayTake(command)) return this.#sg;
    if (!this.#decided) this.#decide();
    return this.#ring && command.length <= this.#ringMaxBytes ? this.#ring : this.#sg;
  }

  /** Where commands that may take the ring go (deciding now under `auto`, as the first such command would). */
  describe(): SgAsyncRouteReport {
    if (!this.#decided) this.#decide();
    return this.#ring ? { via: 'bsg-io-uring', bsgPath: this.#bsgPath!, reason: this.#reason, maxTransferBytes: this.#ringMaxBytes } : { via: 'sg', reason: this.#reason };
  }

  /**
   * For `via: 'bsg-io-uring'`: sets the ring up now.
   * @throws {TransportUnavailableError} saying why it cannot be
   */
  openNow(): void {
    this.#decide();
    if (!this.#ring) throw new TransportUnavailableError(`${this.#options.path}: asynchronous commands cannot go through the bsg node over io_uring: ${this.#reason}. Open with via 'auto' (falls back to the sg driver) or 'sg'.`);
  }

  #decide(): void {
    this.#decided = true;
    if (this.#closing) {
      this.#reason = 'the device is closing';
      return;
    }
    const { readOnly, peripheralType, address, dev = '/dev' } = this.#options;
    if (readOnly && peripheralType === TYPE_SCANNER) {
      this.#reason = 'a scanner open read-only: the sg driver passes it commands that bsg refuses on a read-only fd';
      return;
    }
    let elements: number;
    try {
      elements = ioctlGetInt(this.#options.fd, SG_GET_SG_TABLESIZE);
    } catch (e) {
      this.#reason = `the sg driver refused SG_GET_SG_TABLESIZE (${(e as Error).message})`;
      return;
    }
    if (elements < 2) {
      this.#reason = `the host takes ${elements} scatter-gather element(s) a command: the ring would map too little`;
      return;
    }
    const node = bsgPathFor(`${address.host}:${address.channel}:${address.target}:${address.lun}`, { dev });
    try {
      if (!statSync(node).isCharacterDevice()) {
        this.#reason = `${node} is not a character device`;
        return;
      }
    } catch {
      this.#reason = `the device has no bsg node (${node} does not exist: the kernel needs CONFIG_BLK_DEV_BSG)`;
      return;
    }
    let fd: number;
    try {
      fd = openFd(node, (readOnly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    } catch (e) {
      this.#reason = `${node} does not open (${(e as Error).message}; bsg nodes are root's by default)`;
      return;
    }
    try {
      const support = uringPassthroughSupport(fd, node);
      if (!support.supported) {
        this.#reason = support.reason;
        closeFd(fd);
        return;
      }
      this.#ring = new UringTransport(fd, node, readOnly);
    } catch (e) {
      this.#reason = `the io_uring ring could not be set up on ${node} (${(e as Error).message})`;
      closeFd(fd);
      return;
    }
    this.#bsgFd = fd;
    this.#bsgPath = node;
    this.#ringMaxBytes = (elements - 1) * pageSize();
    this.#reason = `${node} takes SCSI commands over io_uring`;
  }

  /**
   * Closes the ring, if any, once the kernel has completed every command in
   * it (they keep their results), then the bsg fd. The sg transport is the
   * device's to close. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const ring = this.#ring;
      if (!ring) return;
      try {
        await ring.close();
      } finally {
        try {
          closeFd(this.#bsgFd);
        } catch {
          // the device may be gone; the descriptor is released either way
        }
        this.#bsgFd = -1;
      }
    })();
    return this.#closing;
  }
}
