/**
 * The synchronous SG_IO path of an sg fd (sg v3 header), shared by both sg
 * transports and by prepared requests: the header is encoded into one reused
 * slot, the ioctl blocks the calling thread, and failures become typed
 * errors without building an error object on success. The command and the
 * slot stay referenced for the whole (blocking) call.
 */
import { SystemError, tryIoctlPointer } from '@sgio/libc';
import { SG_IO, readSgIoHdrResult } from '@sgio/struct';
import { QueueFullError, TransferModeError, type DeviceGoneError } from '../../errors/sgio-error.js';
import { isGoneErrno } from '../../errors/gone-errno.js';
import { buildResult } from '../../execute/build-result.js';
import type { PreparedCommand } from '../../execute/prepare.js';
import type { CommandResult } from '../../execute/result.js';
import { sgDetaching } from './detaching.js';
import { RequestSlot } from './request-slot.js';

/** What the sync path needs from the transport that owns the fd. */
export interface SgFdOwner {
  /** The file descriptor. */
  readonly fd: number;
  /** The device path, for messages. */
  readonly path: string;
  /** Marks the device gone (settling whatever the transport holds) and returns the error to throw. */
  deviceGone(cause: unknown): DeviceGoneError;
  /** True while a command in flight on this fd may hold the reserved buffer. */
  readonly reserveBusy: boolean;
  /** The mapped reserved buffer's view, when mapped and open. */
  mmapView(): Uint8Array | undefined;
}

const HOST_STATUS = 68;

/** SG_IO on the calling thread for one sg fd. */
export class SgIoSync {
  readonly #slot = new RequestSlot(0);
  readonly #probeCell = new Uint8Array(4);
  readonly #owner: SgFdOwner;

  constructor(owner: SgFdOwner) {
    this.#owner = owner;
  }

  /** Runs `command` once and returns its completion (any SCSI status). */
  run(command: PreparedCommand): CommandResult {
    const slot = this.#slot;
    let view: Uint8Array | undefined;
    if (command.transfer === 'mmap') {
      view = this.mmapViewFor(command);
      if (command.mmapSource) view.set(command.mmapSource, 0);
    }
    const header = slot.encode(command, 0);
    this.ioctl(header, command);
    readSgIoHdrResult(header, 0, slot.completion);
    return buildResult(command, slot.completion, slot.sense, undefined, undefined, view);
  }

  /** SG_IO with an encoded `header`; throws the typed error for a failed call or a device being removed. */
  ioctl(header: Uint8Array, command: PreparedCommand): void {
    const owner = this.#owner;
    const fd = owner.fd;
    const r = tryIoctlPointer(fd, SG_IO, header);
    if (r >= 0) {
      // a command caught by the device's removal ends in a transport error; say the device is gone
      if ((header[HOST_STATUS]! | header[HOST_STATUS + 1]!) !== 0 && sgDetaching(fd, this.#probeCell)) {
        throw owner.deviceGone(new SystemError(19, 'ioctl', { fd, path: owner.path, detail: `${command.name} ended in a transport error while the device was being removed` }));
      }
      return;
    }
    const e = new SystemError(-r, 'ioctl', { fd, request: SG_IO });
    if (isGoneErrno(e)) throw owner.deviceGone(e);
    if (e.code === 'EDOM') throw new QueueFullError(owner.path, { cause: e });
    if (e.code === 'EBUSY' && command.transfer === 'mmap') {
      throw new TransferModeError(`${command.name}: the driver refused mmap IO (EBUSY): another request on this fd holds the reserved buffer.`, 'ERR_RESERVED_BUSY', { cause: e });
    }
    throw e;
  }

  /** The mapping view for a synchronous mmap-ed command, after the checks the driver does not make. */
  mmapViewFor(command: PreparedCommand): Uint8Array {
    const view = this.#owner.mmapView();
    if (!view) throw new TransferModeError(`${command.name}: the reserved-buffer mapping was closed; map it again with mapReservedBuffer().`, 'ERR_MMAP_CLOSED');
    if (view.length < command.length) throw new TransferModeError(`${command.name}: transfers ${command.length} bytes but the mapping is ${view.length} bytes long now.`, 'ERR_MMAP_TOO_SHORT');
    if (this.#owner.reserveBusy) {
      throw new TransferModeError(
        `${command.name}: an asynchronous command in flight on this fd holds (or may hold) the reserved buffer, so the driver would refuse mmap IO with EBUSY. Await it first, use execute() (it queues mmap-ed commands), or use SgLanes.`,
        'ERR_RESERVED_BUSY',
      );
    }
    return view;
  }
}
