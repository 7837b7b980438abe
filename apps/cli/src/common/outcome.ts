/**
 * Reporting a command's outcome the way sg_raw does: the SCSI status, the
 * sense data, and the sg3_utils exit status of the whole outcome.
 */
import type { CommandResult } from '@sgio/core';
import { classifyOutcome, formatSense, senseCategoryText } from '@sgio/struct';
import { exitCodeForCategory } from './exit-codes.js';

/** The sg3_utils exit status of a command's result (0 when it succeeded). */
export function exitStatusOf(result: CommandResult): number {
  return exitCodeForCategory(classifyOutcome({ status: result.status, hostStatus: result.hostStatus, driverStatus: result.driverStatus, sense: result.senseBytes }));
}

/** JSON for a result: core's summary, the sense data decoded, and the exit status. */
export function outcomeJson(result: CommandResult): Record<string, unknown> {
  const category = classifyOutcome({ status: result.status, hostStatus: result.hostStatus, driverStatus: result.driverStatus, sense: result.senseBytes });
  return {
    ...result.toJSON(),
    cdb: result.cdb,
    senseBytes: result.senseBytes,
    decodedSense: result.sense ?? null,
    exitStatus: exitCodeForCategory(category),
    outcome: senseCategoryText(category),
  };
}

/** sg_raw-style text: `SCSI Status: Good`, the sense data when there is some. */
export function outcomeText(result: CommandResult): string {
  const lines = [`SCSI Status: ${result.statusName}`];
  if (result.hostStatus !== 0 || ![0, 8].includes(result.driverStatus & 0x0f)) lines.push(`Transport: host ${result.hostStatusName}, driver ${result.driverStatusName}`);
  if (result.sense) lines.push('', 'Sense Information:', formatSense(result.sense, { multiLine: true }));
  return lines.join('\n');
}
