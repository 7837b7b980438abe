/**
 * The `onCommand` hook: what a device reports after every command it sent
 * (each attempt, retries included), for traces and metrics.
 */
import { outcomeOf, type Outcome } from '@sgio/struct';
import type { CommandResult } from '../execute/result.js';

/** One completed command, as a {@link CommandListener} sees it. */
export interface CommandEvent {
  /** The CDB sent. */
  readonly cdb: Uint8Array;
  /** The command's name (`READ(16)`, or `CDB 0x..` for raw bytes). */
  readonly name: string;
  /** SCSI status byte. */
  readonly status: number;
  /** Host status (DID_*). */
  readonly hostStatus: number;
  /** Driver status (DRIVER_* | SUGGEST_*). */
  readonly driverStatus: number;
  /** Time the kernel took, in ms: the sg driver counts whole milliseconds (a faster command is 0). */
  readonly durationMs: number;
  /**
   * Wall-clock time of this attempt from submission to completion, in ms,
   * with `performance.now()`'s resolution (queueing in the driver
   * included). A clock is read at each end only because a listener is
   * attached: a device without listeners reads no clock. (A command
   * submitted before the first listener was attached gets `durationMs`.)
   */
  readonly elapsedMs: number;
  /** Data bytes moved (requested minus residual), either direction. */
  readonly bytes: number;
  /** The data sent with a data-out command (undefined otherwise). */
  readonly dataOut: Uint8Array | undefined;
  /** The completion judged by struct's `outcomeOf` (computed on first read). */
  readonly outcome: Outcome;
  /** The full result (sense bytes, data, transfer mode). */
  readonly result: CommandResult;
}

/** Called after every command a device sends; must not throw (what it throws is dropped). */
export type CommandListener = (event: CommandEvent) => void;

/**
 * Builds the event of `result` (only when a listener is set: the hot path
 * never gets here); `startedAt` is the `performance.now()` of the submission.
 */
export function commandEvent(result: CommandResult, dataOut: Uint8Array | undefined, startedAt: number): CommandEvent {
  let outcome: Outcome | undefined;
  return {
    cdb: result.cdb,
    name: result.command,
    status: result.status,
    hostStatus: result.hostStatus,
    driverStatus: result.driverStatus,
    durationMs: result.durationMs,
    // 0: submitted before a listener was attached; the driver's measure is all there is
    elapsedMs: startedAt > 0 ? performance.now() - startedAt : result.durationMs,
    bytes: result.transferred,
    dataOut,
    get outcome(): Outcome {
      outcome ??= outcomeOf({ status: result.status, hostStatus: result.hostStatus, driverStatus: result.driverStatus, sense: result.senseBytes });
      return outcome;
    },
    result,
  };
}

/** Calls every listener with the event of `result`; a throwing listener does not fail the command. */
export function notifyListeners(listeners: readonly CommandListener[], result: CommandResult, dataOut: Uint8Array | undefined, startedAt: number): void {
  const event = commandEvent(result, dataOut, startedAt);
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // a trace or a metric must not change what the command returns
    }
  }
}
