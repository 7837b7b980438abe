/**
 * Turning any error into a message on stderr and an exit status. The exit
 * status of the packages' errors is a look-up in core's error table.
 */
import { describeError } from '@sgio/core';
import { CliError } from './cli-error.js';
import { stderr } from './stdio.js';

export { CliError } from './cli-error.js';

/** The exit status for an error thrown by the packages (core's error table) or the CLI (its own exit code). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  return describeError(error).exitStatus;
}

/** Prints `error` for a person (stderr) and returns the exit status. */
export function reportError(error: unknown, verbose = 0): number {
  const e = error as { stack?: string };
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`sgio: ${message}\n`);
  if (verbose > 1 && e?.stack) stderr.write(`${e.stack}\n`);
  return exitCodeFor(error);
}
