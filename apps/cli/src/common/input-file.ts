/** Reading a whole input file named on the command line (`-` for stdin), as the data subcommands do. */
import { readFileSync } from 'node:fs';
import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';

/** The bytes of `path` (`-`: standard input); an unreadable file is a `CliError` with exit status 15 (file error). */
export function readInputFile(path: string): Uint8Array {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, ExitCode.FILE_ERROR);
  }
}
