/**
 * Reporting a command's outcome the way sg_raw does: the SCSI status, the
 * sense data, and the sg3_utils exit status of the whole outcome. Every
 * answer comes from struct's one `outcomeOf`.
 */
import type { CommandResult } from '@sgio/core';
import { formatSense, outcomeOf, senseCategoryText, type Outcome } from '@sgio/struct';

function outcomeOfResult(result: CommandResult): Outcome {
  return outcomeOf({ status: result.status, hostStatus: result.hostStatus, driverStatus: result.driverStatus, sense: result.senseBytes });
}

/** The sg3_utils exit status of a command's result (0 when it succeeded). */
export function exitStatusOf(result: CommandResult): number {
  return outcomeOfResult(result).exitStatus;
}

/** JSON for a result: core's summary, the sense data decoded, and the exit status. */
export function outcomeJson(result: CommandResult): Record<string, unknown> {
  const o = outcomeOfResult(result);
  return {
    ...result.toJSON(),
    cdb: result.cdb,
    senseBytes: result.senseBytes,
    decodedSense: result.sense ?? null,
    exitStatus: o.exitStatus,
    outcome: senseCategoryText(o.senseCategory),
  };
}

/** sg_raw-style text: `SCSI Status: Good`, the sense data when there is some. */
export function outcomeText(result: CommandResult): string {
  const lines = [`SCSI Status: ${result.statusName}`];
  if (!outcomeOfResult(result).transportOk) lines.push(`Transport: host ${result.hostStatusName}, driver ${result.driverStatusName}`);
  if (result.sense) lines.push('', 'Sense Information:', formatSense(result.sense, { multiLine: true }));
  return lines.join('\n');
}
