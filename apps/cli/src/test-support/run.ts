/** Running `sgio` and sg3_utils in lab tests. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI entry point. */
export const SGIO_BIN = fileURLToPath(new URL('../../dist/bin.cjs', import.meta.url));

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

/**
 * Longest a program may run before it is killed and the test fails: a
 * process that never ends would otherwise block the test worker's event
 * loop (spawnSync), so vitest's own timeout could not fire and the whole
 * lab run would hang until its boot timeout.
 */
export const RUN_TIMEOUT_MS = 120_000;

/** Runs a program to its end (killed with SIGKILL after {@link RUN_TIMEOUT_MS}, which throws). */
export function run(cmd: string, args: readonly string[], input?: Uint8Array): Ran {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL', ...(input ? { input } : {}) });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new Error(`${cmd} ${args.join(' ')} did not end within ${RUN_TIMEOUT_MS} ms (killed); what it printed:\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `sgio ARGS`. */
export function sgio(...args: string[]): Ran {
  return run(process.execPath, [SGIO_BIN, ...args]);
}
