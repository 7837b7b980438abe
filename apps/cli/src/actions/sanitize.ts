/** `sgio sanitize`: core's guarded SANITIZE with sg_sanitize's options. */
import { dryRunExecutor, runFlowSync, sanitize, sanitizeFlow, type SanitizeFlowOptions } from '@sgio/core';
import type { SanitizeAction } from '@sgio/struct';
import { CliError } from '../common/cli-error.js';
import { ControlReporter } from '../common/control-report.js';
import { flowOptions, withDevice } from '../common/device.js';
import type { CommonOptions } from '../common/global-options.js';
import { readInputFile } from '../common/input-file.js';
import { printPlan } from '../common/plan.js';
import { fractionProgress } from '../common/progress-view.js';

/** Options of `sanitize` (sg_sanitize's names). */
export interface SanitizeCommandOptions extends CommonOptions {
  /** OVERWRITE. */
  overwrite?: boolean;
  /** BLOCK ERASE. */
  block?: boolean;
  /** CRYPTOGRAPHIC ERASE. */
  crypto?: boolean;
  /** EXIT FAILURE MODE. */
  fail?: boolean;
  /** File holding the initialization pattern (OVERWRITE). */
  pattern?: string;
  /** A pattern of zeros (OVERWRITE). */
  zero?: boolean;
  /** Initialization pattern length with --zero (default 4), or a cut of --pattern. */
  ipl?: number;
  /** OVERWRITE COUNT. */
  count?: number;
  /** INVERT. */
  invert?: boolean;
  /** TEST. */
  test?: number;
  /** AUSE. */
  ause?: boolean;
  /** ZNR. */
  znr?: boolean;
  /** Without IMMED: wait for the command itself. */
  wait?: boolean;
  /** With IMMED, return once it has started (no polling). */
  early?: boolean;
  /** Seconds between progress polls. */
  poll?: number;
  /** Unit serial number or WWN. */
  confirm?: string;
  /** Print the plan only. */
  dryRun?: boolean;
}

const ACTIONS: readonly (readonly [keyof SanitizeCommandOptions, SanitizeAction])[] = [
  ['overwrite', 'overwrite'],
  ['block', 'blockErase'],
  ['crypto', 'cryptographicErase'],
  ['fail', 'exitFailureMode'],
];

/** The flow's options from the command line; throws a CliError that names the options to fix. */
export function sanitizePlan(opts: SanitizeCommandOptions): SanitizeFlowOptions {
  const chosen = ACTIONS.filter(([flag]) => opts[flag]);
  if (chosen.length !== 1) throw new CliError('give exactly one of --overwrite, --block, --crypto, --fail (what SANITIZE does)');
  const action = chosen[0]![1];
  if (opts.wait && opts.early) throw new CliError('--wait and --early contradict each other: --wait sends SANITIZE without IMMED, --early returns once it has started');
  const overwriteOnly = (['pattern', 'zero', 'ipl', 'count', 'invert', 'test'] as const).filter((k) => opts[k] !== undefined && opts[k] !== false);
  if (action !== 'overwrite' && overwriteOnly.length > 0) throw new CliError(`--${overwriteOnly[0]} goes with --overwrite only`);
  const base = { action, immediate: !opts.wait, ause: Boolean(opts.ause), znr: Boolean(opts.znr) };
  if (action !== 'overwrite') return base;
  if ((opts.pattern === undefined) === !opts.zero) throw new CliError('--overwrite needs the pattern: --pattern FILE, or --zero for zeros');
  let pattern: Uint8Array = opts.zero ? new Uint8Array(opts.ipl ?? 4) : readInputFile(opts.pattern!);
  if (!opts.zero && opts.ipl !== undefined) {
    if (opts.ipl > pattern.length) throw new CliError(`--ipl ${opts.ipl} is longer than the pattern file (${pattern.length} bytes)`);
    pattern = pattern.subarray(0, opts.ipl);
  }
  if (pattern.length === 0) throw new CliError('the initialization pattern is empty: give at least one byte');
  return { ...base, overwrite: { pattern, count: opts.count ?? 1, invert: Boolean(opts.invert), test: opts.test ?? 0 } };
}

/** Runs `sanitize`. */
export async function sanitizeCommand(device: string, opts: SanitizeCommandOptions): Promise<number> {
  const flow = sanitizePlan(opts);
  const polling = flow.immediate !== false && !opts.early;
  if (opts.dryRun) {
    const dry = dryRunExecutor();
    runFlowSync(dry, sanitizeFlow(flow));
    return printPlan(device, 'sanitize', dry.planned, polling ? [`then REQUEST SENSE every ${opts.poll ?? 1} s until the progress indication ends`] : [], opts);
  }
  const { overwrite, ...shown } = flow;
  const request = { ...shown, ...(overwrite ? { patternLength: overwrite.pattern.length, count: overwrite.count, invert: overwrite.invert, test: overwrite.test } : {}), confirm: opts.confirm ?? null };
  const reporter = new ControlReporter(device, 'sanitize', request, opts);
  return withDevice(device, opts, async (session) => {
    const progress = opts.json || !polling ? undefined : fractionProgress('sanitizing');
    try {
      const report = await sanitize(session.device, {
        ...flowOptions(session),
        ...flow,
        confirm: opts.confirm,
        pollIntervalMs: (opts.poll ?? 1) * 1000,
        pollProgress: polling,
        onProgress: (p) => progress?.update(p.fraction),
      });
      reporter.add(report.result);
      progress?.stop();
      const who = `${report.identity.vendor} ${report.identity.product}, serial ${report.identity.serial ?? '-'}`;
      return reporter.done(polling ? `sanitized ${device} (${who}) after ${report.polls} progress polls` : `started SANITIZE on ${device} (${who}); poll its progress with sgio requests ${device}`);
    } finally {
      progress?.stop();
    }
  });
}
