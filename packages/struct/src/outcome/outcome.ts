/**
 * One answer to "how did this command end?": the SCSI status, host status,
 * driver status and sense data of a completion turned into one
 * {@link Outcome}, which every consumer reads (core's typed errors and
 * `result.ok`, the CLI's exit status, the server's problem types and
 * metrics).
 */
import { DecodeError } from '../errors/decode-error.js';
import { SenseCategory, classifyOutcome, type SenseCategoryValue } from '../sense/classify.js';
import { decodeSense } from '../sense/decode.js';
import type { SenseData } from '../sense/types.js';
import { isBusyStatus, isCleanCompletion, isTransportOk } from '../status/completion.js';
import { DRIVER_MASK, DriverStatus } from '../status/driver-status.js';
import { HostStatus } from '../status/host-status.js';
import { ScsiStatus } from '../status/scsi-status.js';
import { SenseKey } from '../tables/sense-keys.js';

/**
 * How a command ended, one value per distinct case (closed set):
 *
 * | category | when | ok |
 * | --- | --- | --- |
 * | `good` | status GOOD, transport clean (DRIVER_SENSE without sense data included) | yes |
 * | `condition-met` | status CONDITION MET | yes |
 * | `recovered` | CHECK CONDITION with RECOVERED ERROR, or NO SENSE without FILEMARK/EOM/ILI: succeeded, sense is a warning | yes |
 * | `check-condition` | CHECK CONDITION (or DRIVER_SENSE) with decodable sense data | no |
 * | `check-condition-without-sense` | CHECK CONDITION, but no sense data (or none that decodes) | no |
 * | `busy` / `reservation-conflict` / `task-set-full` / `aca-active` / `task-aborted` | that SCSI status | no |
 * | `other-status` | any other status byte (obsolete INTERMEDIATE, COMMAND TERMINATED, reserved bits set, unassigned) | no |
 * | `timeout` | host DID_TIME_OUT or driver DRIVER_TIMEOUT | no |
 * | `device-gone` | host DID_NO_CONNECT or DID_BAD_TARGET: the target is not reachable | no |
 * | `transport` | any other host status (DID_*) | no |
 * | `driver` | a driver code other than DRIVER_OK / DRIVER_SENSE with status GOOD and DID_OK | no |
 *
 * Status bytes are compared exactly (as the kernel reports them), in this
 * order: timeout, host status, CHECK CONDITION / sense, other statuses,
 * driver code.
 */
export type OutcomeCategory =
  | 'good'
  | 'condition-met'
  | 'recovered'
  | 'check-condition'
  | 'check-condition-without-sense'
  | 'busy'
  | 'reservation-conflict'
  | 'task-set-full'
  | 'aca-active'
  | 'task-aborted'
  | 'other-status'
  | 'timeout'
  | 'device-gone'
  | 'transport'
  | 'driver';

/** Every {@link OutcomeCategory}, in the table's order. */
export const OUTCOME_CATEGORIES: readonly OutcomeCategory[] = Object.freeze([
  'good',
  'condition-met',
  'recovered',
  'check-condition',
  'check-condition-without-sense',
  'busy',
  'reservation-conflict',
  'task-set-full',
  'aca-active',
  'task-aborted',
  'other-status',
  'timeout',
  'device-gone',
  'transport',
  'driver',
] as const);

/**
 * The kind of failure, one per typed error of `@sgio/core`:
 * `check-condition` (CheckConditionError), `status` (ScsiStatusError, also
 * for CHECK CONDITION without sense data), `timeout` (CommandTimeoutError),
 * `transport` (TransportError: host or driver errors).
 */
export type OutcomeFailure = 'check-condition' | 'status' | 'timeout' | 'transport';

/** The sense data of an outcome, summarised. */
export interface SenseSummary {
  /** Sense key (0..15). */
  readonly key: number;
  /** Its name (`Medium Error`). */
  readonly keyName: string;
  /** Additional sense code. */
  readonly asc: number;
  /** Additional sense code qualifier. */
  readonly ascq: number;
  /** The ASC/ASCQ text (`Unrecovered read error`). */
  readonly text: string;
  /** Deferred error (response code 0x71/0x73): it belongs to an earlier command. */
  readonly deferred: boolean;
  /** Sense key RECOVERED ERROR: the command succeeded after recovery. */
  readonly recovered: boolean;
  /** The INFORMATION field, when valid (the failing LBA for media errors). */
  readonly information?: bigint;
  /** The decoded sense data. */
  readonly data: SenseData;
}

/** How a command ended; see {@link outcomeOf}. */
export interface Outcome {
  /** The command succeeded (possibly with a warning: `recovered`). */
  readonly ok: boolean;
  /**
   * Status GOOD or CONDITION MET with DID_OK and DRIVER_OK: nothing to look
   * at (the fast path; `CommandResult.ok` before this function).
   */
  readonly clean: boolean;
  /** What happened (see {@link OutcomeCategory}). */
  readonly category: OutcomeCategory;
  /** The kind of failure (which typed error core throws); undefined when {@link ok}. */
  readonly failure: OutcomeFailure | undefined;
  /**
   * Retrying the same command may well succeed, the cases core's retry
   * policy retries: UNIT ATTENTION, NOT READY "becoming ready" (04h/01h),
   * BUSY and TASK SET FULL.
   */
  readonly retryable: boolean;
  /** DID_OK and DRIVER_OK or DRIVER_SENSE: the command reached the device and came back. */
  readonly transportOk: boolean;
  /**
   * sg3_utils' category of the whole outcome (`classifyOutcome`, with the
   * raw sense bytes): the CLI's exit status before folding.
   */
  readonly senseCategory: SenseCategoryValue;
  /** The process exit status, sg3_utils style ({@link exitStatusForCategory} of {@link senseCategory}). */
  readonly exitStatus: number;
  /**
   * The sg3_utils category core's typed error carries (`ScsiError.category`):
   * the sense category for CHECK CONDITION, the status category for other
   * statuses, OTHER (99) without sense data, TIMEOUT (33), transport 35;
   * undefined when {@link ok}.
   */
  readonly errorCategory: number | undefined;
  /** The sense data summarised, when there is decodable sense data. */
  readonly sense?: SenseSummary;
}

/** What {@link outcomeOf} reads: the completion fields of sg_io_hdr (or sg_io_v4). */
export interface CompletionFields {
  /** SCSI status byte (`status`, or sg_io_v4 `device_status`). */
  readonly status: number;
  /** `host_status` (DID_*), default 0. */
  readonly hostStatus?: number;
  /** `driver_status` (DRIVER_* | SUGGEST_*), default 0. */
  readonly driverStatus?: number;
  /** The sense buffer, or its decoded form. */
  readonly sense?: Uint8Array | SenseData;
  /** How many bytes of `sense` the driver wrote (`sb_len_wr`); default all. */
  readonly senseLength?: number;
}

/** sg_io_hdr's `TRANSPORT` category (SG_LIB_TRANSPORT_ERROR, 35), carried by transport errors. */
export const TRANSPORT_CATEGORY = 35;

/**
 * The exit status for an sg3_utils category, as sg3_utils' utilities
 * exit: the "with info" categories fold into their base category (17 → 5,
 * 18 → 3), NO SENSE and RECOVERED (20, 21) are success (0); values outside
 * 0..99 give 99. TASK SET FULL stays 27, apart from BUSY's 26: sg_turs
 * exits 27 for it (measured in the lab on the TCMU disk).
 */
export function exitStatusForCategory(category: number): number {
  switch (category) {
    case SenseCategory.ILLEGAL_REQUEST_WITH_INFO:
      return SenseCategory.ILLEGAL_REQUEST;
    case SenseCategory.MEDIUM_HARD_WITH_INFO:
      return SenseCategory.MEDIUM_HARD;
    case SenseCategory.NO_SENSE:
    case SenseCategory.RECOVERED:
      return SenseCategory.CLEAN;
    default:
      return category >= 0 && category <= 99 ? category : SenseCategory.OTHER;
  }
}

const GOOD_OUTCOME: Outcome = Object.freeze({
  ok: true,
  clean: true,
  category: 'good',
  failure: undefined,
  retryable: false,
  transportOk: true,
  senseCategory: SenseCategory.CLEAN,
  exitStatus: 0,
  errorCategory: undefined,
});

const CONDITION_MET_OUTCOME: Outcome = Object.freeze({ ...GOOD_OUTCOME, category: 'condition-met', senseCategory: SenseCategory.CONDITION_MET, exitStatus: SenseCategory.CONDITION_MET });

function decoded(sense: Uint8Array | SenseData | undefined, senseLength: number | undefined): { raw: Uint8Array | SenseData | undefined; data: SenseData | undefined } {
  if (sense === undefined) return { raw: undefined, data: undefined };
  if (!(sense instanceof Uint8Array)) return { raw: sense, data: sense };
  const raw = senseLength !== undefined && senseLength < sense.length ? sense.subarray(0, Math.max(0, senseLength)) : sense;
  if (raw.length === 0) return { raw, data: undefined };
  try {
    return { raw, data: decodeSense(raw) };
  } catch (err) {
    if (err instanceof DecodeError) return { raw, data: undefined };
    throw err;
  }
}

function summary(s: SenseData): SenseSummary {
  const base = {
    key: s.senseKey,
    keyName: s.senseKeyName,
    asc: s.asc,
    ascq: s.ascq,
    text: s.ascText,
    deferred: !s.current,
    recovered: s.senseKey === SenseKey.RECOVERED_ERROR,
    data: s,
  };
  return s.valid && s.information !== undefined ? { ...base, information: s.information } : base;
}

function statusCategory(status: number): OutcomeCategory {
  switch (status) {
    case ScsiStatus.BUSY:
      return 'busy';
    case ScsiStatus.RESERVATION_CONFLICT:
      return 'reservation-conflict';
    case ScsiStatus.TASK_SET_FULL:
      return 'task-set-full';
    case ScsiStatus.ACA_ACTIVE:
      return 'aca-active';
    case ScsiStatus.TASK_ABORTED:
      return 'task-aborted';
    default:
      return 'other-status';
  }
}

/** True for the sense data a command succeeds with: RECOVERED ERROR, or NO SENSE without FILEMARK, EOM or ILI. */
export function isBenignSense(sense: SenseData): boolean {
  return sense.senseKey === SenseKey.RECOVERED_ERROR || (sense.senseKey === SenseKey.NO_SENSE && !sense.eom && !sense.filemark && !sense.ili);
}

/** True for the sense data core retries: UNIT ATTENTION, or NOT READY "logical unit is in process of becoming ready" (04h/01h). */
export function isRetryableSense(sense: SenseData): boolean {
  return sense.senseKey === SenseKey.UNIT_ATTENTION || (sense.senseKey === SenseKey.NOT_READY && sense.asc === 0x04 && sense.ascq === 0x01);
}

/**
 * Turns a completion into its {@link Outcome}. Order of the checks:
 *
 * 1. host DID_TIME_OUT or driver DRIVER_TIMEOUT: `timeout`;
 * 2. any other host status: `device-gone` (DID_NO_CONNECT, DID_BAD_TARGET) or `transport`;
 * 3. status CHECK CONDITION, or sense data with DRIVER_SENSE: by the sense
 *    data (`recovered` succeeds, `check-condition` fails), or
 *    `check-condition-without-sense`;
 * 4. any status but GOOD and CONDITION MET: the status category;
 * 5. a driver code but DRIVER_OK and DRIVER_SENSE: `driver`;
 * 6. `good` or `condition-met`.
 *
 * A clean completion returns a shared frozen object (no allocation).
 * Never throws for malformed sense bytes (they count as no sense data,
 * while {@link Outcome.senseCategory} still reads their header).
 *
 * @example
 * ```ts
 * const o = outcomeOf({ status: 0x02, sense: senseBytes, senseLength: sbLenWr });
 * if (!o.ok) console.log(o.category, o.sense?.text, o.retryable);
 * ```
 */
export function outcomeOf(completion: CompletionFields): Outcome {
  const status = completion.status;
  const host = completion.hostStatus ?? 0;
  const driverStatus = completion.driverStatus ?? 0;
  if (isCleanCompletion(status, host, driverStatus)) return status === ScsiStatus.GOOD ? GOOD_OUTCOME : CONDITION_MET_OUTCOME;
  const driver = driverStatus & DRIVER_MASK;
  const { raw, data } = decoded(completion.sense, completion.senseLength);
  // decoded sense classifies like its bytes; undecodable bytes still give their header to classifyOutcome
  const given = data ?? raw;
  const senseCategory = classifyOutcome(given === undefined ? { status, hostStatus: host, driverStatus } : { status, hostStatus: host, driverStatus, sense: given });
  const common = {
    clean: false,
    transportOk: isTransportOk(host, driverStatus),
    senseCategory,
    exitStatus: exitStatusForCategory(senseCategory),
  };
  const withSense = data === undefined ? {} : { sense: summary(data) };
  const fail = (category: OutcomeCategory, failure: OutcomeFailure, errorCategory: number, retryable = false): Outcome => ({
    ok: false,
    category,
    failure,
    retryable,
    errorCategory,
    ...common,
    ...withSense,
  });

  if (host === HostStatus.DID_TIME_OUT || driver === DriverStatus.DRIVER_TIMEOUT) return fail('timeout', 'timeout', SenseCategory.TIMEOUT);
  if (host !== HostStatus.DID_OK) {
    const gone = host === HostStatus.DID_NO_CONNECT || host === HostStatus.DID_BAD_TARGET;
    return fail(gone ? 'device-gone' : 'transport', 'transport', TRANSPORT_CATEGORY);
  }
  if (status === ScsiStatus.CHECK_CONDITION || (data !== undefined && driver === DriverStatus.DRIVER_SENSE)) {
    if (data === undefined) return fail('check-condition-without-sense', 'status', SenseCategory.OTHER);
    if (isBenignSense(data)) return { ok: true, category: 'recovered', failure: undefined, retryable: false, errorCategory: undefined, ...common, ...withSense };
    return fail('check-condition', 'check-condition', classifyOutcome({ status, hostStatus: host, driverStatus, sense: data }), isRetryableSense(data));
  }
  if (status !== ScsiStatus.GOOD && status !== ScsiStatus.CONDITION_MET) {
    return fail(statusCategory(status), 'status', classifyOutcome({ status, hostStatus: host, driverStatus }), isBusyStatus(status));
  }
  if (driver !== DriverStatus.DRIVER_OK && driver !== DriverStatus.DRIVER_SENSE) return fail('driver', 'transport', TRANSPORT_CATEGORY);
  const category: OutcomeCategory = status === ScsiStatus.GOOD ? 'good' : 'condition-met';
  return { ok: true, category, failure: undefined, retryable: false, errorCategory: undefined, ...common, ...withSense };
}
