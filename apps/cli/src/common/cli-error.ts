/**
 * The CLI's own error (bad usage, unreadable files), in a module of its own
 * so that parsing and decoding commands can raise it without loading
 * `@sgio/core` (and koffi) at start-up.
 */
import { ExitCode } from './exit-codes.js';

/** An error the CLI itself raises for bad usage or files; carries its exit status. */
export class CliError extends Error {
  /** Stable code of the CLI's own errors (its exit status is {@link exitCode}, not a table row). */
  readonly code = 'ERR_CLI';
  constructor(
    message: string,
    /** Exit status. */
    readonly exitCode: number = ExitCode.SYNTAX,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
