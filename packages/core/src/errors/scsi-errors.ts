/**
 * Errors for commands that reached the device (or its transport) and did not
 * succeed: CHECK CONDITION with sense data, other bad SCSI statuses,
 * transport (host/driver) failures and timeouts. Each carries the full
 * {@link CommandResult}.
 */
import { SenseCategory, TRANSPORT_CATEGORY, exitStatusForCategory, senseCategoryText, type SenseData } from '@sgio/struct';
import type { CommandResult } from '../execute/result.js';
import { SgioError } from './sgio-error.js';

/**
 * sg3_utils' category (and exit status) for transport errors
 * (SG_LIB_TRANSPORT_ERROR, 35): struct's `TRANSPORT_CATEGORY` under the name
 * core has always exported (one value, two names).
 */
export const TRANSPORT_ERROR_CATEGORY = TRANSPORT_CATEGORY;

/** Base class of errors that carry a command's result. */
export class ScsiError extends SgioError {
  /** The command's result (status, sense, residual, timings, retries). */
  readonly result: CommandResult;
  /**
   * The sg3_utils error category (and exit status) of this outcome:
   * 2 not ready, 3 medium/hardware, 5 illegal request, 6 unit attention, ...
   */
  readonly category: number;
  constructor(code: string, message: string, result: CommandResult, category: number) {
    super(code, message);
    this.result = result;
    this.category = category;
  }
}

/** The device answered CHECK CONDITION; `sense` says why. */
export class CheckConditionError extends ScsiError {
  /** The decoded sense data. */
  readonly sense: SenseData;
  /** Sense key (0..15). */
  readonly senseKey: number;
  /** Sense key name (`MEDIUM ERROR`). */
  readonly senseKeyName: string;
  /** Additional sense code. */
  readonly asc: number;
  /** Additional sense code qualifier. */
  readonly ascq: number;
  /** The ASC/ASCQ text (`Unrecovered read error`). */
  readonly senseText: string;
  constructor(result: CommandResult, sense: SenseData, category: number, code = 'ERR_SCSI_CHECK_CONDITION', message?: string) {
    super(code, message ?? `${result.command} failed: ${senseSummary(sense)}. ${ascAdvice(sense.asc, sense.ascq) ?? adviceFor(category)}`, result, category);
    this.sense = sense;
    this.senseKey = sense.senseKey;
    this.senseKeyName = sense.senseKeyName;
    this.asc = sense.asc;
    this.ascq = sense.ascq;
    this.senseText = sense.ascText;
  }
}

/** `SENSE KEY: ASC text (ASC 0x.., ASCQ 0x..) at information N`. */
function senseSummary(sense: SenseData): string {
  const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
  const info = sense.information !== undefined && sense.valid ? ` at information ${sense.information}` : '';
  return `${sense.senseKeyName}: ${sense.ascText} (ASC ${hex(sense.asc)}, ASCQ ${hex(sense.ascq)})${info}`;
}

/**
 * Sense key MISCOMPARE: COMPARE AND WRITE found the blocks on the medium
 * different from the compare data (nothing was written), or VERIFY with
 * byte check found them different from the data sent. A
 * {@link CheckConditionError} with its own code and the offset of the
 * first differing byte, so a lock holder can tell "lost the race" from a
 * failure.
 */
export class MiscompareError extends CheckConditionError {
  /**
   * Offset of the first byte that differs, from the start of the compared
   * data (the sense INFORMATION field, SBC-5), or undefined when the device
   * did not report it.
   */
  readonly offset: number | undefined;
  constructor(result: CommandResult, sense: SenseData) {
    const offset = sense.valid && sense.information !== undefined ? Number(sense.information) : undefined;
    const where = offset === undefined ? 'the device did not say where' : `the first differing byte is at offset ${offset} of the compared data`;
    super(
      result,
      sense,
      SenseCategory.MISCOMPARE,
      'ERR_SCSI_MISCOMPARE',
      `${result.command} failed: MISCOMPARE: the blocks on the device differ from the expected data (${where}); nothing was written. Read the blocks again to see their current contents, and retry with those as the compare data if you still want to replace them.`,
    );
    this.offset = offset;
  }
}

/** BUSY, RESERVATION CONFLICT, TASK SET FULL, ACA ACTIVE, TASK ABORTED or another non-GOOD status without sense. */
export class ScsiStatusError extends ScsiError {
  /** The SCSI status byte. */
  readonly status: number;
  /** Its name. */
  readonly statusName: string;
  constructor(result: CommandResult, category: number, code = 'ERR_SCSI_STATUS', message?: string) {
    super(
      code,
      message ?? `${result.command} failed with SCSI status ${result.statusName} (0x${result.status.toString(16).padStart(2, '0')}). ${adviceFor(category)}`,
      result,
      category,
    );
    this.status = result.status;
    this.statusName = result.statusName;
  }
}

/**
 * RESERVATION CONFLICT (status 0x18): another I_T nexus holds a reservation
 * (persistent, or SPC-2 RESERVE) that forbids this command from this one.
 * A {@link ScsiStatusError} with its own code, so callers can catch it alone.
 */
export class ReservationConflictError extends ScsiStatusError {
  constructor(result: CommandResult) {
    super(
      result,
      SenseCategory.RESERVATION_CONFLICT,
      'ERR_SCSI_RESERVATION_CONFLICT',
      `${result.command} failed with RESERVATION CONFLICT: another initiator (I_T nexus) holds a reservation on this logical unit that forbids it. See who holds it with \`sgio persist --in --read-full-status DEVICE\`; register a key and wait for the holder to release, or preempt it (PERSISTENT RESERVE OUT, PREEMPT) if you own the cluster.`,
    );
  }
}

/**
 * TASK ABORTED (status 0x40): a task management function from another
 * initiator (I_T nexus), such as a LOGICAL UNIT RESET or an ABORT TASK SET,
 * ended this command before it completed; the logical unit reports it
 * because its TAS bit is set. A {@link ScsiStatusError} with its own code,
 * so callers can catch it alone. The command may be sent again; after an
 * aborted WRITE, what reached the medium is not known.
 */
export class TaskAbortedError extends ScsiStatusError {
  constructor(result: CommandResult) {
    super(
      result,
      SenseCategory.TASK_ABORTED,
      'ERR_SCSI_TASK_ABORTED',
      `${result.command} was aborted (SCSI status TASK ABORTED): another initiator reset the logical unit or aborted its tasks while this command ran. Send it again once the device is ready (the next command may first report the reset's unit attention); after an aborted write, read the blocks back before trusting them.`,
    );
  }
}

/** The command did not complete at the transport: a DID_* host status or a driver error. */
export class TransportError extends ScsiError {
  /** sg host_status (DID_*). */
  readonly hostStatus: number;
  /** Its name. */
  readonly hostStatusName: string;
  /** sg driver_status. */
  readonly driverStatus: number;
  /** Its name. */
  readonly driverStatusName: string;
  constructor(result: CommandResult) {
    super(
      'ERR_SCSI_TRANSPORT',
      `${result.command} failed in transport: host ${result.hostStatusName}, driver ${result.driverStatusName}. Check cabling/the HBA, or whether the device was removed; retrying may help.`,
      result,
      TRANSPORT_ERROR_CATEGORY,
    );
    this.hostStatus = result.hostStatus;
    this.hostStatusName = result.hostStatusName;
    this.driverStatus = result.driverStatus;
    this.driverStatusName = result.driverStatusName;
  }
}

/**
 * The command did not complete within its timeout. Normally the driver
 * aborted it (`reportedBy: 'driver'`, host status DID_TIME_OUT); when even
 * the driver's completion did not come within the timeout plus a grace
 * period, sgio gives up waiting (`reportedBy: 'sgio'`) and discards the
 * completion if it ever comes.
 */
export class CommandTimeoutError extends ScsiError {
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;
  /** Who noticed: the driver (it aborted the command) or sgio's own watchdog. */
  readonly reportedBy: 'driver' | 'sgio';
  constructor(result: CommandResult, timeoutMs: number, reportedBy: 'driver' | 'sgio' = 'driver') {
    super(
      'ERR_SCSI_TIMEOUT',
      reportedBy === 'driver'
        ? `${result.command} timed out after ${timeoutMs} ms (the driver aborted it). Raise the timeout option for slow commands (FORMAT UNIT, long self-tests), or check the device.`
        : `${result.command} did not complete within its ${timeoutMs} ms timeout, and the driver has not reported it either; sgio stopped waiting (a late completion is discarded). Check the device and the kernel log (dmesg).`,
      result,
      SenseCategory.TIMEOUT,
    );
    this.timeoutMs = timeoutMs;
    this.reportedBy = reportedBy;
  }
}

/** What to do next, per sg3_utils category (categories without advice get their description). */
const ADVICE: Readonly<Partial<Record<number, string>>> = {
  [SenseCategory.NOT_READY]: 'The device is not ready: wait, start it (START STOP UNIT), or load the medium.',
  [SenseCategory.UNIT_ATTENTION]: 'The device reported a unit attention (reset, power on, changed parameters); retrying the command normally succeeds.',
  [SenseCategory.ILLEGAL_REQUEST]: 'The device rejected a field of the command: check the CDB fields (sense-key-specific data points at the field).',
  [SenseCategory.INVALID_OPCODE]: 'The device does not support this command.',
  [SenseCategory.LBA_OUT_OF_RANGE]: 'The LBA range lies beyond the capacity: check READ CAPACITY.',
  [SenseCategory.MEDIUM_HARD]: 'The medium or hardware failed; the data at that address may be lost.',
  [SenseCategory.DATA_PROTECT]: 'The device is write protected.',
  [SenseCategory.RESERVATION_CONFLICT]: 'Another initiator holds a reservation on the device.',
  [SenseCategory.BUSY]: 'The device is busy; retry later.',
};

/** Advice for the additional sense codes whose fix is more specific than their sense key's. */
function ascAdvice(asc: number, ascq: number): string | undefined {
  switch ((asc << 8) | ascq) {
    case 0x2104: // UNALIGNED WRITE COMMAND (ZBC)
      return 'On a zoned device a write to a sequential-write-required zone must start at its write pointer: see the zones and their write pointers with `sgio zones DEVICE`, write from the pointer on, or reset the zone first (`sgio zone DEVICE --reset --zone START`).';
    case 0x2105: // WRITE BOUNDARY VIOLATION (ZBC)
      return 'On a zoned device a write may not cross from one sequential zone into the next: split it at the zone boundary (see `sgio zones DEVICE`).';
    case 0x2106: // ATTEMPT TO READ INVALID DATA (ZBC)
      return 'On a zoned device the blocks past a zone\'s write pointer hold no data yet: read only below the write pointer (see `sgio zones DEVICE`).';
    default:
      return undefined;
  }
}

function adviceFor(category: number): string {
  // the "with info" and TASK SET FULL categories share their base category's advice
  return ADVICE[exitStatusForCategory(category)] ?? senseCategoryText(category);
}
