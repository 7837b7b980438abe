/**
 * Building a {@link CommandResult} from a completed request.
 */
import type { SgIoHdrResult } from '@sgio/struct';
import type { PreparedCommand } from './prepare.js';
import { CommandResult, type Completion, type RetryRecord } from './result.js';

const NO_RETRIES: readonly RetryRecord[] = Object.freeze([]);
const EMPTY = new Uint8Array(0);
/** The constructor copies the completion's fields, so one scratch object serves every call. */
const scratch: Completion = { status: 0, senseLength: 0, hostStatus: 0, driverStatus: 0, resid: 0, duration: 0, info: 0 };

/**
 * The result of `command` from its completion fields and sense buffer.
 * `mmapView` is the reserved-buffer mapping for mmap-ed data-in: the bytes
 * are copied out, into the command's target buffer when it has one, else
 * into a new one. A result never is a view of the mapping: the next mmap-ed
 * command on the fd — another caller's, submitted while this result's
 * promise is still settling — overwrites it (measured in the lab: queued
 * and concurrent reads each saw the next command's data). Zero-copy use of
 * the mapping goes through prepared requests or `SgLanes.withLane`.
 * `elapsedMs` is undefined unless the caller measured.
 */
export function buildResult(
  command: PreparedCommand,
  completion: Readonly<SgIoHdrResult>,
  senseBuffer: Uint8Array,
  elapsedMs: number | undefined,
  retries: readonly RetryRecord[] | undefined,
  mmapView: Uint8Array | undefined,
): CommandResult {
  const senseLength = completion.sbLenWr < command.senseLength ? completion.sbLenWr : command.senseLength;
  // the driver's resid is trusted only within [0, requested]: a negative one would claim more bytes than the buffer holds
  const resid = completion.resid < 0 ? 0 : completion.resid > command.length ? command.length : completion.resid;
  const transferred = command.length - resid;
  let data: Uint8Array | undefined;
  if (command.direction === 'in' && command.length > 0) {
    if (command.transfer !== 'mmap') data = command.data && transferred === command.data.length ? command.data : command.data?.subarray(0, transferred);
    else if (mmapView) {
      const bytes = mmapView.subarray(0, Math.min(transferred, mmapView.length));
      if (command.mmapTarget) {
        command.mmapTarget.set(bytes, 0);
        data = command.mmapTarget.subarray(0, bytes.length);
      } else data = bytes.slice();
    }
  }
  return new CommandResult({
    command: command.name,
    cdb: command.cdb,
    completion: fill(completion, senseLength, resid),
    senseBytes: senseLength > 0 ? senseBuffer.slice(0, senseLength) : EMPTY,
    requested: command.length,
    data,
    elapsedMs,
    retries: retries ?? NO_RETRIES,
    requestedTransfer: command.transfer,
  });
}

function fill(completion: Readonly<SgIoHdrResult>, senseLength: number, resid: number): Completion {
  scratch.status = completion.status;
  scratch.senseLength = senseLength;
  scratch.hostStatus = completion.hostStatus;
  scratch.driverStatus = completion.driverStatus;
  scratch.resid = resid;
  scratch.duration = completion.duration;
  scratch.info = completion.info;
  return scratch;
}
