/**
 * The options every device command shares: --json, --hex, -v/-vv, --timeout.
 */
import { CliError } from './cli-error.js';
import { Option, type Command } from 'commander';

/** Parsed common options. */
export interface CommonOptions {
  /** Print stable JSON instead of text. */
  json?: boolean;
  /** Print raw response bytes in hex. */
  hex?: boolean;
  /** Verbosity: 1 prints CDBs and sense, 2 also data. */
  verbose?: number;
  /** Command timeout in seconds. */
  timeout?: number;
}

function increase(_value: string, previous: number): number {
  return previous + 1;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`--timeout expects a positive number of seconds, got '${value}'`);
  return n;
}

/** Adds the common options to a subcommand. */
export function withCommonOptions(cmd: Command, { hex = true }: { hex?: boolean } = {}): Command {
  cmd.option('--json', 'print stable JSON (field names documented in the README) instead of text');
  if (hex) cmd.option('-H, --hex', 'print the raw response bytes in hex');
  cmd.addOption(new Option('-v, --verbose', 'print CDBs and sense in hex; twice (-vv) also the data').argParser(increase).default(0));
  cmd.addOption(new Option('-t, --timeout <seconds>', 'command timeout in seconds').argParser(seconds).default(60));
  return cmd;
}

/** Milliseconds from the parsed --timeout. */
export function timeoutMs(opts: CommonOptions): number {
  return Math.round((opts.timeout ?? 60) * 1000);
}
