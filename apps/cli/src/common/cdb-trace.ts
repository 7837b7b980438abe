/**
 * `-v` output: the CDB (and with -vv the outcome) of the commands a
 * subcommand sends, on stderr, the way sg3_utils' verbose mode shows them.
 */
import type { CommandResult } from '@sgio/core';
import { toHex } from './output.js';

/** Prints the CDB of a command's result; what it prints depends on the verbosity. */
export type CdbTracer = (result: CommandResult) => void;

/** The tracer that prints nothing (verbosity 0): hot loops skip building results for it. */
export const NO_TRACE: CdbTracer = () => undefined;

/**
 * A tracer for `verbose` (the -v count). With `once` (dd's many identical
 * commands) -v shows the first command of each kind and -vv every one;
 * without it, -v shows every command. -vv adds status, residual and timing.
 */
export function createCdbTracer(verbose: number, { once = false }: { once?: boolean } = {}): CdbTracer {
  if (verbose <= 0) return NO_TRACE;
  const seen = new Set<string>();
  return (result) => {
    if (once && verbose < 2) {
      if (seen.has(result.command)) return;
      seen.add(result.command);
    }
    process.stderr.write(`    ${result.command} cdb: ${toHex(result.cdb)}\n`);
    if (verbose >= 2) {
      process.stderr.write(`      status ${result.statusName}, transferred ${result.transferred} of ${result.requested} bytes, ${result.transfer} IO, ${result.durationMs} ms\n`);
    }
  };
}

/** The result attached to a SCSI error, when the error carries one. */
export function resultOf(error: unknown): CommandResult | undefined {
  const r = (error as { result?: unknown } | undefined)?.result;
  return r && typeof r === 'object' && 'cdb' in r ? (r as CommandResult) : undefined;
}
