/**
 * The result of one SCSI command: status, sense (decoded lazily), residual,
 * timings, transport status, the transfer mode the driver really used, and
 * the retries that led to it.
 */
import { decodeSense, driverStatusName, hostStatusName, isCleanCompletion, scsiStatusName, type SenseData } from '@sgio/struct';

/** The transfer mode a command asked for (see `ExecuteOptions.transfer`). */
export type RequestedTransfer = 'indirect' | 'direct' | 'mmap';

/**
 * Which transfer mode the driver actually used: from the sg_io_hdr `info`
 * bits, or `mmap` for mmap-ed commands (the driver has no fallback for those).
 */
export type ActualTransfer = 'indirect' | 'direct' | 'mixed' | 'mmap' | 'none';

/** One retry that happened before the final result. */
export interface RetryRecord {
  /** Attempt number that failed (1 = the first try). */
  readonly attempt: number;
  /** Why it was retried (`unit-attention`, `becoming-ready`, `busy`). */
  readonly reason: string;
  /** Sense key/ASC/ASCQ text or status of the failed attempt. */
  readonly detail: string;
  /** Milliseconds waited before the next attempt. */
  readonly waitedMs: number;
}

/** The raw completion fields, as read from sg_io_hdr (or sg_io_v4). */
export interface Completion {
  /** SCSI status byte. */
  status: number;
  /** Sense bytes written by the driver. */
  senseLength: number;
  /** host_status (DID_*). */
  hostStatus: number;
  /** driver_status. */
  driverStatus: number;
  /** Residual count (bytes not transferred). */
  resid: number;
  /** Driver-measured duration in milliseconds. */
  duration: number;
  /** info bits. */
  info: number;
}

/** Everything known about a completed command. */
export class CommandResult {
  /** Command name (`READ(16)`, or `CDB 0x28` for raw CDBs). */
  readonly command: string;
  /** The CDB sent. */
  readonly cdb: Uint8Array;
  /** SCSI status byte. */
  readonly status: number;
  /** host_status (DID_*). */
  readonly hostStatus: number;
  /** driver_status. */
  readonly driverStatus: number;
  /** Bytes requested minus bytes transferred, as the driver reports it. */
  readonly residual: number;
  /** Bytes requested for the data phase. */
  readonly requested: number;
  /** Driver-measured duration in milliseconds. */
  readonly durationMs: number;
  /**
   * Wall-clock time from the call to completion in milliseconds (retries
   * included), measured only with the `measure: true` option: reading the
   * clock is a system call in some virtual machines, and the hot path reads
   * no clock. {@link durationMs} (the driver's own measure) is always set.
   */
  readonly elapsedMs: number | undefined;
  /** Raw info bits. */
  readonly info: number;
  /** The transfer mode the driver used. */
  readonly transfer: ActualTransfer;
  /** The sense bytes (empty when none). */
  readonly senseBytes: Uint8Array;
  /** Data received (data-in commands): the caller's buffer, `transferred` bytes long. */
  readonly data: Uint8Array | undefined;
  /** Retries that happened before this result. */
  readonly retries: readonly RetryRecord[];
  /** The transfer mode asked for (compare with {@link transfer}: direct IO may fall back to indirect). */
  readonly requestedTransfer: RequestedTransfer;
  /** A RECOVERED ERROR (or other non-fatal sense) the command succeeded with. */
  warning: SenseData | undefined;
  #sense: SenseData | null | undefined;

  constructor(init: {
    command: string;
    cdb: Uint8Array;
    completion: Readonly<Completion>;
    senseBytes: Uint8Array;
    requested: number;
    data: Uint8Array | undefined;
    elapsedMs: number | undefined;
    retries: readonly RetryRecord[];
    requestedTransfer?: RequestedTransfer;
  }) {
    const c = init.completion;
    this.command = init.command;
    this.cdb = init.cdb;
    this.status = c.status;
    this.hostStatus = c.hostStatus;
    this.driverStatus = c.driverStatus;
    this.residual = c.resid;
    this.requested = init.requested;
    this.durationMs = c.duration;
    this.elapsedMs = init.elapsedMs;
    this.info = c.info;
    this.transfer =
      init.requested === 0 ? 'none' : init.requestedTransfer === 'mmap' ? 'mmap' : (c.info & 6) === 2 ? 'direct' : (c.info & 6) === 4 ? 'mixed' : 'indirect';
    this.senseBytes = init.senseBytes;
    this.data = init.data;
    this.retries = init.retries;
    this.requestedTransfer = init.requestedTransfer ?? 'indirect';
    this.warning = undefined;
  }

  /** SCSI status name (`GOOD`, `CHECK CONDITION`, ...). */
  get statusName(): string {
    return scsiStatusName(this.status);
  }

  /** host_status name (`DID_OK`, ...). */
  get hostStatusName(): string {
    return hostStatusName(this.hostStatus);
  }

  /** driver_status name. */
  get driverStatusName(): string {
    return driverStatusName(this.driverStatus);
  }

  /**
   * True when direct IO was asked for and the driver really did it (it falls
   * back to indirect IO silently when the sg module's `allow_dio` is 0 or the
   * buffer is not suitably aligned).
   */
  get directIoHonoured(): boolean {
    return this.requestedTransfer === 'direct' && this.transfer === 'direct';
  }

  /** Bytes actually transferred (`requested - residual`, never negative). */
  get transferred(): number {
    return Math.max(0, this.requested - this.residual);
  }

  /** The decoded sense data, decoded on first access; undefined when there is none or it is malformed. */
  get sense(): SenseData | undefined {
    if (this.#sense === undefined) {
      if (this.senseBytes.length === 0) this.#sense = null;
      else {
        try {
          this.#sense = decodeSense(this.senseBytes);
        } catch {
          this.#sense = null;
        }
      }
    }
    return this.#sense ?? undefined;
  }

  /**
   * True for GOOD (or CONDITION MET) with clean transport: struct's
   * `isCleanCompletion` (`outcomeOf(...).clean`). A RECOVERED ERROR is not
   * clean although the command succeeded (see {@link warning}).
   */
  get ok(): boolean {
    return isCleanCompletion(this.status, this.hostStatus, this.driverStatus);
  }

  /** Plain JSON-friendly summary (for logs and `--json`). */
  toJSON(): Record<string, unknown> {
    const sense = this.sense;
    return {
      command: this.command,
      status: this.statusName,
      hostStatus: this.hostStatusName,
      driverStatus: this.driverStatusName,
      requested: this.requested,
      transferred: this.transferred,
      residual: this.residual,
      durationMs: this.durationMs,
      elapsedMs: this.elapsedMs,
      requestedTransfer: this.requestedTransfer,
      transfer: this.transfer,
      ...(sense ? { sense: { key: sense.senseKeyName, asc: sense.asc, ascq: sense.ascq, text: sense.ascText } } : {}),
      retries: this.retries,
    };
  }
}

/**
 * Adds what the device learns after a result is built: the retries that led
 * to it and the measured wall-clock time. Internal to @sgio/core.
 */
export function annotateResult(result: CommandResult, retries: readonly RetryRecord[] | undefined, elapsedMs: number | undefined): CommandResult {
  const r = result as { retries: readonly RetryRecord[]; elapsedMs: number | undefined };
  if (retries && retries.length > 0) r.retries = [...retries];
  if (elapsedMs !== undefined) r.elapsedMs = elapsedMs;
  return result;
}
