/**
 * The one error table of sgio: for every error code the packages throw
 * (core's `SgioError` and `ScsiError` families, struct's decode, field and
 * registration errors, libc's `LibcError`s and the errno codes of its
 * `SystemError`s), its category, whether retrying may help, the sg3_utils
 * exit status and the HTTP problem (status, slug, title). The CLI's exit
 * statuses and the server's problem documents are look-ups in it
 * ({@link describeError}), so an error cannot be mapped in one app and
 * forgotten in the other.
 *
 * Code namespace (one string namespace, three prefixes, all stable):
 * - `E<ERRNO>` (`ENOENT`, `EACCES`, `EBUSY`, ...): the operating system's
 *   answer, as errno names; libc's `SystemError` and core's `DeviceOpenError`
 *   use them, so one row serves both.
 * - `E<NAME>` without an errno of that name (`ENOTSG`, `EOPEN`, `EDECODE`,
 *   `EFIELD_*`, `ECOMMAND_*`, `EDECODER_CONFLICT`): conditions about a path
 *   or about bytes (data that does not decode, fields that do not encode).
 * - `ERR_<AREA>_<WHAT>` (`ERR_SCSI_CHECK_CONDITION`, `ERR_DEVICE_GONE`,
 *   `ERR_MMAP_TOO_SHORT`): the state of a device, a command or a mapping.
 *
 * No code was renamed: tests and docs pin every one of them.
 */
import { SenseCategory, exitStatusForCategory, outcomeOf, type OutcomeCategory } from '@sgio/struct';

/** What kind of failure a code stands for. */
export type ErrorCategory =
  /** The device answered the command with an error (CHECK CONDITION, a bad status). */
  | 'scsi'
  /** The command did not complete at the transport (host or driver status, timeout). */
  | 'transport'
  /** The device is gone, closed, busy, or its path cannot be opened. */
  | 'device'
  /** The caller asked for something that cannot be sent (bad field, block range, transfer mode). */
  | 'usage'
  /** The device sent data that does not decode. */
  | 'malformed-data'
  /** A system call failed for another reason. */
  | 'system'
  /** A programming or configuration error (conflicting packs, unsupported platform, closed mapping). */
  | 'internal';

/** One row of the table. */
export interface ErrorTableEntry {
  /** The error's stable `code`. */
  readonly code: string;
  /** What kind of failure it is. */
  readonly category: ErrorCategory;
  /** Retrying the same operation may succeed. */
  readonly retryable: boolean;
  /** The process exit status (sg3_utils' numbers: 15 file error, 26 busy, 27 task set full, 33 timeout, 35 transport, 97 malformed, 99 other). */
  readonly exitStatus: number;
  /** The HTTP status of its problem document. */
  readonly httpStatus: number;
  /** The problem type's slug (the `type` URI ends with it). */
  readonly slug: string;
  /** The problem type's title. */
  readonly title: string;
  /** True when the error's message may be shown to a remote client (false: it may name internals). */
  readonly publicDetail: boolean;
  /** What to do, in words fit for a remote client: shown instead of a message that is not {@link publicDetail}. */
  readonly remedy?: string;
}

type Row = Omit<ErrorTableEntry, 'code' | 'publicDetail'> & { readonly publicDetail?: boolean };

const OTHER = SenseCategory.OTHER;
const FILE_ERROR = 15;
const SYNTAX = 1;
const TRANSPORT = 35;

const internal = (exitStatus = OTHER): Row => ({
  category: 'internal',
  retryable: false,
  exitStatus,
  httpStatus: 500,
  slug: 'internal',
  title: 'Internal server error',
  publicDetail: false,
});
const system = (retryable = false, exitStatus = OTHER): Row => ({ ...internal(exitStatus), category: 'system', retryable });
const gone: Row = { category: 'device', retryable: false, exitStatus: TRANSPORT, httpStatus: 410, slug: 'device-gone', title: 'Device gone' };
/** Open failures name the node's mode, owner and group: fine for the local user, not for a remote client. */
const openFailed = (exitStatus: number, remedy = 'The device node cannot be opened; the log of the program that tried says why (search for the request id).'): Row => ({
  category: 'device',
  retryable: false,
  exitStatus,
  httpStatus: 500,
  slug: 'device-open-failed',
  title: 'Device cannot be opened',
  publicDetail: false,
  remedy,
});
const OPEN_PERMISSION =
  "The user this program runs as may not open the device node. Its operator must grant access (the group that owns the node, often 'disk', or a udev rule); the log names the node's mode and owner.";
/** EPERM from SG_IO or write(): the kernel's opcode filter on a read-only file descriptor. */
const notPermitted: Row = {
  category: 'device',
  retryable: false,
  exitStatus: FILE_ERROR,
  httpStatus: 403,
  slug: 'command-not-permitted',
  title: 'Command refused by the kernel',
  publicDetail: false,
  remedy:
    "The kernel refused this command: on a device opened read-only, the sg driver passes only a list of read commands (its scsi_cmd_allowed filter) unless the process holds CAP_SYS_RAWIO. Open the device read-write (sgiod: start it with --allow-write) or run with CAP_SYS_RAWIO.",
};
const busy: Row = { category: 'device', retryable: true, exitStatus: SenseCategory.BUSY, httpStatus: 503, slug: 'device-busy', title: 'Device busy' };
const canceled: Row = { category: 'device', retryable: true, exitStatus: OTHER, httpStatus: 503, slug: 'canceled', title: 'Command canceled' };
const transferMode: Row = { category: 'usage', retryable: false, exitStatus: OTHER, httpStatus: 500, slug: 'transfer-mode', title: 'Transfer not possible' };
const malformed = (exitStatus: number): Row => ({
  category: 'malformed-data',
  retryable: false,
  exitStatus,
  httpStatus: 502,
  slug: 'device-malformed-data',
  title: 'Device sent malformed data',
});
const zonedWrite: Row = { category: 'usage', retryable: false, exitStatus: SenseCategory.ILLEGAL_REQUEST, httpStatus: 409, slug: 'zoned-write-refused', title: 'Zone does not take this write' };
const invalidField: Row = { category: 'usage', retryable: false, exitStatus: SYNTAX, httpStatus: 400, slug: 'invalid-field', title: 'Invalid field value' };

const ROWS: Readonly<Record<string, Row>> = {
  // core: ScsiError family (refined per result by describeError)
  ERR_SCSI_CHECK_CONDITION: { category: 'scsi', retryable: false, exitStatus: OTHER, httpStatus: 502, slug: 'check-condition', title: 'Device reported an error' },
  ERR_SCSI_STATUS: { category: 'scsi', retryable: false, exitStatus: OTHER, httpStatus: 502, slug: 'scsi-status', title: 'Unexpected SCSI status' },
  ERR_SCSI_RESERVATION_CONFLICT: {
    category: 'scsi',
    retryable: false,
    exitStatus: SenseCategory.RESERVATION_CONFLICT,
    httpStatus: 409,
    slug: 'reservation-conflict',
    title: 'Reservation conflict',
  },
  ERR_SCSI_TASK_ABORTED: {
    category: 'scsi',
    retryable: false, // as struct's outcome says: sgio does not resend it by itself (a write's effect is unknown)
    exitStatus: SenseCategory.TASK_ABORTED,
    httpStatus: 503,
    slug: 'task-aborted',
    title: 'Command aborted by another initiator',
  },
  ERR_SCSI_MISCOMPARE: { category: 'scsi', retryable: false, exitStatus: SenseCategory.MISCOMPARE, httpStatus: 409, slug: 'miscompare', title: 'Miscompare' },
  ERR_SCSI_TIMEOUT: { category: 'transport', retryable: false, exitStatus: SenseCategory.TIMEOUT, httpStatus: 504, slug: 'command-timeout', title: 'Command timed out' },
  ERR_SCSI_TRANSPORT: { category: 'transport', retryable: false, exitStatus: TRANSPORT, httpStatus: 502, slug: 'transport-error', title: 'Transport error' },
  // core: SgioError family
  ERR_DEVICE_GONE: gone,
  ERR_DEVICE_CLOSED: canceled,
  ERR_CANCELED: canceled,
  ERR_QUEUE_FULL: { ...busy, exitStatus: OTHER },
  ERR_REQUEST_IN_KERNEL: { ...busy, exitStatus: OTHER, slug: 'request-in-kernel', title: 'Previous run still in the kernel' },
  ERR_TRANSFER_MODE: transferMode,
  ERR_MMAP_NOT_MAPPED: transferMode,
  ERR_MMAP_CLOSED: transferMode,
  ERR_MMAP_TOO_SHORT: transferMode,
  ERR_RESERVED_BUSY: { ...transferMode, retryable: true },
  ERR_RESERVED_MAPPED: transferMode,
  ERR_TRANSPORT_UNAVAILABLE: { ...transferMode, slug: 'transport-unavailable', title: 'Transport not available' },
  ERR_CONFIRMATION_REQUIRED: { category: 'usage', retryable: false, exitStatus: SYNTAX, httpStatus: 428, slug: 'confirmation-required', title: 'Confirmation required' },
  ERR_CONFIRMATION_MISMATCH: { category: 'usage', retryable: false, exitStatus: SYNTAX, httpStatus: 409, slug: 'confirmation-mismatch', title: 'Confirmation names another device' },
  ERR_BLOCK_REQUEST: { category: 'usage', retryable: false, exitStatus: SYNTAX, httpStatus: 400, slug: 'invalid-block-request', title: 'Invalid block request' },
  ERR_SHORT_TRANSFER: { category: 'transport', retryable: true, exitStatus: OTHER, httpStatus: 502, slug: 'short-transfer', title: 'Short transfer' },
  ERR_BAD_RESPONSE: malformed(SenseCategory.MALFORMED),
  // a self-test that failed exits as sg_senddiag does for a failed foreground test (HARDWARE ERROR: medium/hardware, 3)
  ERR_SELF_TEST_FAILED: { category: 'scsi', retryable: false, exitStatus: SenseCategory.MEDIUM_HARD, httpStatus: 502, slug: 'self-test-failed', title: 'Self-test failed' },
  ERR_SELF_TEST_ABORTED: { category: 'scsi', retryable: true, exitStatus: OTHER, httpStatus: 409, slug: 'self-test-aborted', title: 'Self-test aborted' },
  // a write a host-managed zoned device would refuse, found before writing: the exit status sg_dd gets from the device (ILLEGAL REQUEST)
  ERR_ZONE_NOT_AT_WRITE_POINTER: zonedWrite,
  ERR_ZONE_NOT_EMPTY: zonedWrite,
  ERR_ZONE_NOT_WRITABLE: zonedWrite,
  ERR_ZONES_UNEVEN: { ...zonedWrite, exitStatus: SYNTAX, httpStatus: 400 },
  EPACK_LOAD: { category: 'usage', retryable: false, exitStatus: SYNTAX, httpStatus: 500, slug: 'pack-load-failed', title: 'Command pack cannot be loaded' },
  // core: DeviceOpenError (the errno-named ones share the rows below)
  ENOTSG: { ...gone, exitStatus: FILE_ERROR },
  EOPEN: openFailed(OTHER),
  // SgDevice.fromFd: the fd is already owned by an open SgDevice of this thread (a program error: closing it twice would close another file)
  ERR_FD_OWNED: internal(),
  // struct
  EDECODE: malformed(SenseCategory.MALFORMED),
  EFIELD_RANGE: invalidField,
  EFIELD_TYPE: invalidField,
  EFIELD_UNKNOWN: invalidField,
  ECOMMAND_CONFLICT: internal(),
  ECOMMAND_EFFECT: internal(),
  EDECODER_CONFLICT: internal(),
  // an SES element selection (sgio ses --index) that names no element of the enclosure
  ESES_NO_ELEMENT: invalidField,
  // libc: LibcError family
  ERR_UNSUPPORTED_PLATFORM: internal(),
  ERR_MAPPING_CLOSED: internal(),
  ERR_MAPPING_PAST_EOF: internal(),
  ERR_INVALID_ARG_VALUE: internal(),
  ERR_ASYNC_CALL: internal(),
  ERR_ASYNC_SHUTDOWN: internal(),
  ERR_ASYNC_WORKER_EXIT: internal(),
  ERR_ASYNC_WORKER_START: internal(),
  ERR_ASYNC_ABORTED: canceled,
  // errno codes (libc SystemError; ENOENT, EACCES, EBUSY also from DeviceOpenError)
  ENOENT: { ...gone, exitStatus: FILE_ERROR },
  EACCES: openFailed(FILE_ERROR, OPEN_PERMISSION),
  EPERM: notPermitted,
  EISDIR: openFailed(FILE_ERROR),
  ENOTDIR: openFailed(FILE_ERROR),
  EBUSY: busy,
  ENODEV: gone,
  ENXIO: gone,
  EAGAIN: system(true),
  EINTR: system(true),
  EDOM: { ...busy, exitStatus: OTHER },
  ENOMEM: system(),
  EMSGSIZE: system(),
  EINVAL: system(),
  EFAULT: system(),
  EBADF: system(),
  ENOTTY: system(),
  EIO: system(),
  EMFILE: system(),
  ENFILE: system(),
  EOPNOTSUPP: system(),
};

/** Every row, by code. */
export const ERROR_TABLE: ReadonlyMap<string, ErrorTableEntry> = new Map(
  Object.entries(ROWS).map(([code, row]) => [code, Object.freeze({ code, ...row, publicDetail: row.publicDetail ?? true })]),
);

/** The row for an error that is not in the table: a 500 that hides its message, exit status 99. */
export const UNKNOWN_ERROR: ErrorTableEntry = Object.freeze({ code: 'UNKNOWN', ...internal(), publicDetail: false });

/** The row of `code`, or undefined when the table does not have it. */
export function errorEntry(code: string): ErrorTableEntry | undefined {
  return ERROR_TABLE.get(code);
}

/** The sg3_utils sense categories whose CHECK CONDITION gets its own problem type. */
const CHECK_CONDITION_PROBLEMS: ReadonlyMap<number, Pick<ErrorTableEntry, 'httpStatus' | 'slug' | 'title'>> = new Map([
  [SenseCategory.LBA_OUT_OF_RANGE, { httpStatus: 416, slug: 'lba-out-of-range', title: 'LBA out of range' }],
  [SenseCategory.NOT_READY, { httpStatus: 503, slug: 'device-not-ready', title: 'Device not ready' }],
  [SenseCategory.UNIT_ATTENTION, { httpStatus: 503, slug: 'unit-attention', title: 'Unit attention' }],
  [SenseCategory.INVALID_OPCODE, { httpStatus: 422, slug: 'invalid-opcode', title: 'Command not supported by the device' }],
  [SenseCategory.ILLEGAL_REQUEST, { httpStatus: 422, slug: 'illegal-request', title: 'Illegal request' }],
  [SenseCategory.ILLEGAL_REQUEST_WITH_INFO, { httpStatus: 422, slug: 'illegal-request', title: 'Illegal request' }],
  [SenseCategory.MEDIUM_HARD, { httpStatus: 502, slug: 'medium-error', title: 'Medium or hardware error' }],
  [SenseCategory.MEDIUM_HARD_WITH_INFO, { httpStatus: 502, slug: 'medium-error', title: 'Medium or hardware error' }],
  [SenseCategory.DATA_PROTECT, { httpStatus: 409, slug: 'data-protect', title: 'Device write protected' }],
  [SenseCategory.ABORTED_COMMAND, { httpStatus: 503, slug: 'aborted-command', title: 'Command aborted by the device' }],
  [SenseCategory.MISCOMPARE, { httpStatus: 409, slug: 'miscompare', title: 'Miscompare' }],
]);

/** The outcome categories of a bad SCSI status that get their own problem type. */
const STATUS_PROBLEMS: ReadonlyMap<OutcomeCategory, Pick<ErrorTableEntry, 'httpStatus' | 'slug' | 'title'>> = new Map<
  OutcomeCategory,
  Pick<ErrorTableEntry, 'httpStatus' | 'slug' | 'title'>
>([
  ['reservation-conflict', { httpStatus: 409, slug: 'reservation-conflict', title: 'Reservation conflict' }],
  ['busy', { httpStatus: 503, slug: 'device-busy', title: 'Device busy' }],
  ['task-set-full', { httpStatus: 503, slug: 'device-busy', title: 'Device busy' }],
  ['task-aborted', { httpStatus: 503, slug: 'task-aborted', title: 'Command aborted by another initiator' }],
]);

/** What {@link describeError} reads of an error (any of the packages' errors fits). */
interface ErrorLike {
  readonly code?: unknown;
  readonly category?: unknown;
  readonly reason?: unknown;
  readonly result?: { readonly status: number; readonly hostStatus: number; readonly driverStatus: number; readonly senseBytes: Uint8Array };
}

/**
 * The table row for `error`, refined by what the error carries:
 * - a `ScsiError` (a `result` and a numeric `category`): the exit status of
 *   its sg3_utils category, the problem type of its sense category (CHECK
 *   CONDITION) or status (RESERVATION CONFLICT, BUSY, TASK SET FULL), and
 *   `retryable` from struct's `outcomeOf`;
 * - a `CommandCanceledError` whose reason is `device-gone`: the
 *   `ERR_DEVICE_GONE` row.
 *
 * Errors without a known `code` give {@link UNKNOWN_ERROR} (with the exit
 * status of their sg3_utils `category`, when they carry one).
 *
 * @example
 * ```ts
 * const d = describeError(err);
 * process.exitCode = d.exitStatus; // the CLI
 * reply.status(d.httpStatus);      // the server
 * ```
 */
export function describeError(error: unknown): ErrorTableEntry {
  if (typeof error !== 'object' || error === null) return UNKNOWN_ERROR;
  const e = error as ErrorLike;
  if (e.code === 'ERR_CANCELED' && e.reason === 'device-gone') return ERROR_TABLE.get('ERR_DEVICE_GONE')!;
  const entry = typeof e.code === 'string' ? ERROR_TABLE.get(e.code) : undefined;
  if (typeof e.category !== 'number' || (entry !== undefined && entry.category !== 'scsi' && entry.category !== 'transport')) return entry ?? UNKNOWN_ERROR;
  // an error carrying an sg3_utils category (a ScsiError): its exit status is that category's
  const exitStatus = exitStatusForCategory(e.category);
  if (entry === undefined) return { ...UNKNOWN_ERROR, exitStatus };
  if (entry.category !== 'scsi' || e.result === undefined) return { ...entry, exitStatus };
  const r = e.result;
  const o = outcomeOf({ status: r.status, hostStatus: r.hostStatus, driverStatus: r.driverStatus, sense: r.senseBytes });
  const problem = (e.code === 'ERR_SCSI_CHECK_CONDITION' ? CHECK_CONDITION_PROBLEMS.get(e.category) : STATUS_PROBLEMS.get(o.category)) ?? {};
  return { ...entry, ...problem, retryable: o.retryable, exitStatus };
}
