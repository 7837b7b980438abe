/**
 * Running one command through the SG_IO ioctl on the libc worker pool. The
 * sg driver refuses `write()` on an fd opened read-only (EBADF), so a
 * read-only device cannot use the asynchronous write/read interface; its
 * `execute()` comes here instead and still leaves the event loop free.
 */
import { SystemError, ioctlAsync } from '@sgio/libc';
import { SG_IO, readSgIoHdrResult } from '@sgio/struct';
import { RequestSlot } from '../driver/request-slot.js';
import { CommandCanceledError, DeviceGoneError } from '../errors/sgio-error.js';
import { buildResult } from './build-result.js';
import type { PreparedCommand } from './prepare.js';
import type { CommandResult } from './result.js';

/**
 * Issues `command` with SG_IO off the main thread. The header, CDB, sense and
 * data stay referenced here until the ioctl returns. An AbortSignal is
 * honoured before submission only: SG_IO cannot be withdrawn once issued.
 */
export async function runIoctlAsync(fd: number, path: string, command: PreparedCommand, signal: AbortSignal | undefined, mmapView: Uint8Array | undefined): Promise<CommandResult> {
  if (signal?.aborted) throw new CommandCanceledError('aborted', command.name, { cause: signal.reason });
  const slot = new RequestSlot(0);
  if (command.transfer === 'mmap' && command.mmapSource && mmapView) mmapView.set(command.mmapSource, 0);
  const header = slot.encode(command, 0);
  try {
    await ioctlAsync(fd, SG_IO, header);
  } catch (e) {
    if (e instanceof SystemError && (e.code === 'ENODEV' || e.code === 'ENXIO')) throw new DeviceGoneError(path, e.message, { cause: e });
    throw e;
  }
  readSgIoHdrResult(header, 0, slot.completion);
  return buildResult(command, slot.completion, slot.sense, undefined, undefined, mmapView);
}
