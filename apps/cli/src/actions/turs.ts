/** `sgio turs DEV [--number N] [--progress]`: TEST UNIT READY, repeated (like sg_turs). */
import { senseProgress, testUnitReady } from '@sgio/struct';
import { exitCodeFor } from '../common/fail.js';
import { progressView } from '../common/progress-view.js';
import { runDefinition, withDevice } from '../common/device.js';
import type { CommonOptions } from '../common/global-options.js';
import { printJson } from '../common/output.js';
import { stderr, stderrStream, stdout } from '../common/stdio.js';

/** Options of `turs`. */
export interface TursOptions extends CommonOptions {
  /** How many commands to send (default 1). */
  number?: number;
  /** Poll until ready, printing the progress indication of NOT READY sense. */
  progress?: boolean;
}

/** The `turs --json` report. */
export interface TursReport {
  /** Commands sent. */
  commands: number;
  /** Commands that failed. */
  errors: number;
  /** Wall-clock milliseconds for all of them. */
  elapsedMs: number;
  /** Commands per second. */
  commandsPerSecond: number;
  /** Progress indications seen with --progress, as fractions (0..1). */
  progress: number[];
  /** The last failure, or null. */
  lastError: { message: string; exitStatus: number } | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * How `turs` runs: `poll` until ready printing the sense progress indication
 * (--progress alone, or whenever stderr is not a terminal), `bar` to send N
 * commands under a progress bar (--progress with --number N > 1 on a
 * terminal), else `count` (N commands, no bar).
 */
export function tursMode(options: Pick<TursOptions, 'number' | 'progress'>, stderrIsTty: boolean): 'poll' | 'bar' | 'count' {
  if (!options.progress) return 'count';
  return stderrIsTty && (options.number ?? 1) > 1 ? 'bar' : 'poll';
}

/** A done/total bar with the command rate on stderr (a terminal only: elsewhere `turs` polls). */
function createBar(total: number): { tick(done: number, errors: number): void; stop(): void } {
  const started = performance.now();
  const view = progressView<readonly [number, number]>({
    format: 'test unit ready [{bar}] {value}/{total} | {rate} ops/s | {errors} errors',
    total,
    startTokens: { rate: '0.0', errors: 0 },
    bar: ([done, errors]) => [done, { rate: ((done * 1000) / Math.max(performance.now() - started, 1e-3)).toFixed(1), errors }],
  });
  return { tick: (done, errors) => view.update([done, errors]), stop: () => view.stop() };
}

/** Runs `turs`. */
export async function turs(device: string, options: TursOptions): Promise<number> {
  const count = options.number ?? 1;
  const mode = tursMode(options, stderrStream().isTTY === true);
  const poll = mode === 'poll';
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    const report: TursReport = { commands: 0, errors: 0, elapsedMs: 0, commandsPerSecond: 0, progress: [], lastError: null };
    const bar = mode === 'bar' ? createBar(count) : undefined;
    const started = performance.now();
    try {
      for (let i = 0; poll || i < count; i++) {
        report.commands++;
        try {
          await runDefinition(session, testUnitReady, {}, { retry: false });
          if (poll) break;
        } catch (e) {
          const sense = (e as { sense?: Parameters<typeof senseProgress>[0] }).sense;
          const fraction = sense ? senseProgress(sense) : undefined;
          if (poll && fraction !== undefined) {
            report.progress.push(fraction);
            if (!options.json) stdout.write(`Progress indication: ${(fraction * 100).toFixed(1)}% done\n`);
            await sleep(1000);
            continue;
          }
          report.errors++;
          report.lastError = { message: (e as Error).message, exitStatus: exitCodeFor(e) };
          // under the bar only the last error is printed, once the bar is gone
          if (!options.json && !bar) stderr.write(`sgio: test unit ready: ${(e as Error).message}\n`);
          if (poll) break;
        } finally {
          bar?.tick(report.commands, report.errors);
        }
      }
    } finally {
      bar?.stop();
    }
    if (bar && report.lastError && !options.json) stderr.write(`sgio: test unit ready (last of ${report.errors} errors): ${report.lastError.message}\n`);
    report.elapsedMs = performance.now() - started;
    report.commandsPerSecond = report.elapsedMs > 0 ? (report.commands * 1000) / report.elapsedMs : 0;
    if (options.json) printJson(report);
    else {
      stdout.write(`Completed ${report.commands} Test Unit Ready commands with ${report.errors} errors\n`);
      if (report.commands > 1) stdout.write(`time to perform commands was ${(report.elapsedMs / 1000).toFixed(3)} secs; ${report.commandsPerSecond.toFixed(1)} operations/sec\n`);
    }
    return report.lastError?.exitStatus ?? 0;
  });
}
