/**
 * Turning any error into a message on stderr and an exit status.
 */
import { ExitCode, exitCodeForCategory } from './exit-codes.js';

/** An error the CLI itself raises for bad usage or files; carries its exit status. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Exit status. */
    readonly exitCode: number = ExitCode.SYNTAX,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

interface Coded {
  code?: unknown;
  category?: unknown;
  message: string;
}

/** The exit status for an error thrown by the packages or the CLI. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  const e = error as Coded;
  if (typeof e?.category === 'number') return exitCodeForCategory(e.category);
  switch (e?.code) {
    case 'ERR_DEVICE_GONE':
    case 'ERR_SCSI_TRANSPORT':
      return ExitCode.TRANSPORT;
    case 'ERR_SCSI_TIMEOUT':
      return ExitCode.TIMEOUT;
    case 'EDECODE':
      return ExitCode.MALFORMED;
    case 'ENOENT':
    case 'EACCES':
    case 'EPERM':
    case 'ENOTSG':
    case 'EISDIR':
      return ExitCode.FILE_ERROR;
    case 'EBUSY':
      return ExitCode.BUSY;
    case 'EFIELD_RANGE':
    case 'EFIELD_TYPE':
    case 'EFIELD_UNKNOWN':
      return ExitCode.SYNTAX;
    default:
      return ExitCode.OTHER;
  }
}

/** Prints `error` for a person (stderr) and returns the exit status. */
export function reportError(error: unknown, verbose = 0): number {
  const e = error as Coded & { stack?: string };
  const message = e instanceof Error ? e.message : String(error);
  process.stderr.write(`sgio: ${message}\n`);
  if (verbose > 1 && e?.stack) process.stderr.write(`${e.stack}\n`);
  return exitCodeFor(error);
}
