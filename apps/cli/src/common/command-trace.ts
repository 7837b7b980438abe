/**
 * `-v` output: the CDB, outcome and data of the commands a subcommand
 * sends, on stderr, the way sg3_utils' verbose mode shows them. A device
 * reports each command through core's `onCommand` hook; this module turns
 * the events into lines.
 */
import type { CommandEvent, CommandListener, CommandResult } from '@sgio/core';
import { formatSense } from '@sgio/struct';
import { hexDump, toHex } from './output.js';
import { stderr } from './stdio.js';

/**
 * How a subcommand's commands are traced:
 * - `each` (a few commands, e.g. `inq`): -v shows every CDB with its status
 *   and sense, -vv adds the data sent and received;
 * - `stream` (dd's thousands of identical commands): -v shows the first
 *   command of each kind, -vv every one with status, residual and timing,
 *   never the data.
 */
export type TraceStyle = 'each' | 'stream';

/** Writes a trace line on stderr. */
function trace(line: string): void {
  stderr.write(`${line}\n`);
}

/** Traces the outcome (sense at -v, data at -vv) of a finished or failed command. */
function traceResult(result: CommandResult, verbose: number): void {
  if (result.status !== 0 || result.senseBytes.length > 0) {
    trace(`    status: ${result.statusName} (0x${result.status.toString(16).padStart(2, '0')}), host ${result.hostStatusName}, driver ${result.driverStatusName}`);
  }
  if (result.senseBytes.length > 0) {
    trace(`    sense (${result.senseBytes.length} bytes): ${toHex(result.senseBytes)}`);
    if (result.sense) trace(formatSense(result.sense, { multiLine: true, indent: '      ' }));
  }
  if (verbose > 1 && result.data && result.transferred > 0) {
    trace(`    data-in (${result.transferred} bytes):`);
    trace(hexDump(result.data.subarray(0, result.transferred), '    '));
  }
}

/** One command at -v (its CDB, then status and sense) and -vv (data out and in). */
function traceEach(event: CommandEvent, verbose: number): void {
  trace(`    ${event.name} cdb: ${toHex(event.cdb)}`);
  if (verbose > 1 && event.dataOut) {
    trace(`    data-out (${event.dataOut.length} bytes):`);
    trace(hexDump(event.dataOut, '    '));
  }
  traceResult(event.result, verbose);
}

/**
 * The `onCommand` listener that prints what `verbose` (the -v count) asks
 * for in `style`; undefined at verbosity 0, so a device without it pays
 * nothing for tracing.
 */
export function commandTracer(verbose: number, style: TraceStyle): CommandListener | undefined {
  if (verbose <= 0) return undefined;
  if (style === 'each') return (event) => traceEach(event, verbose);
  const seen = new Set<string>();
  return (event) => {
    if (verbose < 2) {
      if (seen.has(event.name)) return;
      seen.add(event.name);
    }
    trace(`    ${event.name} cdb: ${toHex(event.cdb)}`);
    const r = event.result;
    if (verbose >= 2) trace(`      status ${r.statusName}, transferred ${r.transferred} of ${r.requested} bytes, ${r.transfer} IO, ${r.durationMs} ms`);
  };
}

/** The result attached to a SCSI error, when the error carries one. */
export function resultOf(error: unknown): CommandResult | undefined {
  const r = (error as { result?: unknown } | undefined)?.result;
  return r && typeof r === 'object' && 'cdb' in r ? (r as CommandResult) : undefined;
}
