/**
 * Building a {@link CommandResult} from a completed request.
 */
import type { SgIoHdrResult } from '@sgio/struct';
import type { PreparedCommand } from './prepare.js';
import { CommandResult, type RetryRecord } from './result.js';

/**
 * The result of `command` from its completion fields and sense buffer.
 * `mmapView` is the reserved-buffer mapping for mmap-ed data-in.
 */
export function buildResult(
  command: PreparedCommand,
  completion: Readonly<SgIoHdrResult>,
  senseBuffer: Uint8Array,
  startedAt: number,
  retries: readonly RetryRecord[],
  mmapView: Uint8Array | undefined,
): CommandResult {
  const senseLength = Math.min(completion.sbLenWr, command.senseLength);
  const transferred = Math.max(0, command.length - completion.resid);
  let data: Uint8Array | undefined;
  if (command.direction === 'in' && command.length > 0) {
    data = command.transfer === 'mmap' ? mmapView?.subarray(0, transferred) : command.data?.subarray(0, transferred);
  }
  return new CommandResult({
    command: command.name,
    cdb: command.cdb,
    completion: {
      status: completion.status,
      senseLength,
      hostStatus: completion.hostStatus,
      driverStatus: completion.driverStatus,
      resid: completion.resid,
      duration: completion.duration,
      info: completion.info,
    },
    senseBytes: senseLength > 0 ? senseBuffer.slice(0, senseLength) : EMPTY,
    requested: command.length,
    data,
    elapsedMs: performance.now() - startedAt,
    retries,
  });
}

const EMPTY = new Uint8Array(0);
