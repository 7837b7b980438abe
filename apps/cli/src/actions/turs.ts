/** `sgio turs DEV [--number N] [--progress]`: TEST UNIT READY, repeated (like sg_turs). */
import { senseProgress, testUnitReady } from '@sgio/struct';
import { exitCodeFor } from '../common/fail.js';
import { runDefinition, withDevice } from '../common/device.js';
import type { CommonOptions } from '../common/global-options.js';
import { printJson } from '../common/output.js';

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

/** Runs `turs`. */
export async function turs(device: string, options: TursOptions): Promise<number> {
  const count = options.number ?? 1;
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    const report: TursReport = { commands: 0, errors: 0, elapsedMs: 0, commandsPerSecond: 0, progress: [], lastError: null };
    const started = performance.now();
    for (let i = 0; options.progress || i < count; i++) {
      report.commands++;
      try {
        await runDefinition(session, testUnitReady, {}, { retry: false });
        if (options.progress) break;
      } catch (e) {
        const sense = (e as { sense?: Parameters<typeof senseProgress>[0] }).sense;
        const fraction = sense ? senseProgress(sense) : undefined;
        if (options.progress && fraction !== undefined) {
          report.progress.push(fraction);
          if (!options.json) process.stdout.write(`Progress indication: ${(fraction * 100).toFixed(1)}% done\n`);
          await sleep(1000);
          continue;
        }
        report.errors++;
        report.lastError = { message: (e as Error).message, exitStatus: exitCodeFor(e) };
        if (!options.json) process.stderr.write(`sgio: test unit ready: ${(e as Error).message}\n`);
        if (options.progress) break;
      }
    }
    report.elapsedMs = performance.now() - started;
    report.commandsPerSecond = report.elapsedMs > 0 ? (report.commands * 1000) / report.elapsedMs : 0;
    if (options.json) printJson(report);
    else {
      process.stdout.write(`Completed ${report.commands} Test Unit Ready commands with ${report.errors} errors\n`);
      if (report.commands > 1) process.stdout.write(`time to perform commands was ${(report.elapsedMs / 1000).toFixed(3)} secs; ${report.commandsPerSecond.toFixed(1)} operations/sec\n`);
    }
    return report.lastError?.exitStatus ?? 0;
  });
}
