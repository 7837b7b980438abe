/** Running `sgio` and sg3_utils in lab tests. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI entry point. */
export const SGIO_BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** What a finished process left. */
export interface Ran {
  /** Exit status (null when a signal ended it). */
  readonly status: number | null;
  /** The signal that ended it. */
  readonly signal: NodeJS.Signals | null;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
}

/** Runs a program to its end. */
export function run(cmd: string, args: readonly string[], input?: Uint8Array): Ran {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...(input ? { input } : {}) });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `sgio ARGS`. */
export function sgio(...args: string[]): Ran {
  return run(process.execPath, [SGIO_BIN, ...args]);
}
