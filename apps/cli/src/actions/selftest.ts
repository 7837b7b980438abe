/**
 * `sgio selftest`: start (default, short, extended; background or
 * foreground) or abort a self-test with core's `runSelfTest`, follow it with
 * a progress bar, print the Self-Test Results log. The options follow
 * sg_senddiag (`-s CODE`, `--doff`, `--uoff`) and smartctl (`-t short/long`,
 * `-X`, `-l selftest`) in spirit.
 */
import {
  describeError,
  dryRunExecutor,
  FOREGROUND_SELF_TEST_TIMEOUT_MS,
  isForegroundSelfTest,
  runFlowAsync,
  runFlowSync,
  runSelfTest,
  SelfTestError,
  selfTestFlow,
  selfTestResultsFlow,
  type SelfTestKind,
  type SelfTestReport,
} from '@sgio/core';
import type { SelfTestResult } from '@sgio/struct';
import { CliError } from '../common/cli-error.js';
import { flowOptions, withDevice } from '../common/device.js';
import type { CommonOptions } from '../common/global-options.js';
import { timeoutMs } from '../common/global-options.js';
import { printJson } from '../common/output.js';
import { printPlan } from '../common/plan.js';
import { fractionProgress } from '../common/progress-view.js';
import { stderr, stdout } from '../common/stdio.js';

/** Options of `selftest`. */
export interface SelftestCommandOptions extends CommonOptions {
  /** The default self-test (SELFTEST bit). */
  default?: boolean;
  /** Short self-test. */
  short?: boolean;
  /** Extended self-test. */
  extended?: boolean;
  /** Run it in the background (default for short and extended). */
  background?: boolean;
  /** Run it in the foreground. */
  foreground?: boolean;
  /** sg_senddiag's self-test code (1, 2, 4, 5, 6). */
  selftest?: number;
  /** Abort the background test in progress. */
  abort?: boolean;
  /** Background: poll until the test is over. */
  wait?: boolean;
  /** Seconds between polls. */
  poll?: number;
  /** Print the self-test log. */
  results?: boolean;
  /** DEVOFFL with the default test. */
  doff?: boolean;
  /** UNITOFFL with the default test. */
  uoff?: boolean;
  /** Print the CDB only. */
  dryRun?: boolean;
}

const CODE_KINDS: Readonly<Record<number, SelfTestKind>> = { 1: 'background-short', 2: 'background-extended', 4: 'abort', 5: 'foreground-short', 6: 'foreground-extended' };

/** The test the options ask for, or undefined for none (only `--results`). */
export function selftestKind(o: SelftestCommandOptions): SelfTestKind | undefined {
  const chosen = [o.default && '--default', o.short && '--short', o.extended && '--extended', o.abort && '--abort', o.selftest !== undefined && '--selftest'].filter(Boolean);
  if (chosen.length > 1) throw new CliError(`give one of --default, --short, --extended, --abort, --selftest (got ${chosen.join(', ')})`);
  if (o.background && o.foreground) throw new CliError('give --background or --foreground, not both');
  const mode = o.foreground ? 'foreground' : o.background ? 'background' : undefined;
  if (mode && !o.short && !o.extended) throw new CliError(`--${mode} goes with --short or --extended`);
  if ((o.doff || o.uoff) && !o.default) throw new CliError('--doff and --uoff go with --default (as sg_senddiag -t)');
  if (o.selftest !== undefined) {
    const kind = CODE_KINDS[o.selftest];
    if (!kind) throw new CliError(`--selftest takes sg_senddiag's codes 1, 2 (background short, extended), 4 (abort), 5, 6 (foreground short, extended); got ${o.selftest}`);
    return kind;
  }
  if (o.default) return 'default';
  if (o.abort) return 'abort';
  if (o.short) return mode === 'foreground' ? 'foreground-short' : 'background-short';
  if (o.extended) return mode === 'foreground' ? 'foreground-extended' : 'background-extended';
  if (o.background || o.foreground) throw new CliError('--background/--foreground go with --short or --extended');
  return undefined;
}

const KIND_TEXT: Readonly<Record<SelfTestKind, string>> = {
  default: 'default self-test',
  'background-short': 'background short self-test',
  'background-extended': 'background extended self-test',
  abort: 'abort of the background self-test',
  'foreground-short': 'foreground short self-test',
  'foreground-extended': 'foreground extended self-test',
};

const CODE_TEXT: readonly string[] = ['default', 'background short', 'background extended', 'reserved', 'abort background', 'foreground short', 'foreground extended', 'reserved'];

const RESULT_TEXT: Readonly<Record<string, string>> = {
  passed: 'completed without error',
  'aborted-by-send-diagnostic': 'aborted by SEND DIAGNOSTIC',
  'aborted-by-reset': 'aborted (by a reset or task management)',
  'unknown-error': 'unknown error, test not completed',
  'failed-unknown-segment': 'failed in an unknown segment',
  'failed-first-segment': 'failed in the first segment',
  'failed-second-segment': 'failed in the second segment',
  'failed-other-segment': 'failed in segment',
  'in-progress': 'in progress',
  reserved: 'reserved result',
};

/** One log entry as JSON (the decoder's fields plus the texts). */
function entryJson(r: SelfTestResult): Record<string, unknown> {
  return { ...r, selfTestCodeName: CODE_TEXT[r.selfTestCode] ?? 'reserved', firstFailure: r.addressOfFirstFailure === 0xffffffffffffffffn ? null : r.addressOfFirstFailure };
}

/** One log entry as a line, smartctl -l selftest style. */
export function entryLine(r: SelfTestResult): string {
  const result = `${RESULT_TEXT[r.selfTestResultName] ?? r.selfTestResultName}${r.selfTestResultName === 'failed-other-segment' ? ` ${r.selfTestNumber}` : ''}`;
  const lba = r.addressOfFirstFailure === 0xffffffffffffffffn ? '-' : String(r.addressOfFirstFailure);
  const sense = r.senseKey === 0 && r.asc === 0 && r.ascq === 0 ? '' : `  [0x${r.senseKey.toString(16)} 0x${r.asc.toString(16).padStart(2, '0')} 0x${r.ascq.toString(16).padStart(2, '0')}]`;
  return `#${String(r.parameterCode).padStart(2)}  ${(CODE_TEXT[r.selfTestCode] ?? 'reserved').padEnd(20)} ${result.padEnd(40)} ${String(r.accumulatedPowerOnHours).padStart(6)}  ${lba}${sense}`;
}

function printLog(entries: readonly SelfTestResult[]): void {
  if (entries.length === 0) {
    stdout.write('No self-tests have been logged\n');
    return;
  }
  stdout.write(`Num  ${'Test'.padEnd(20)} ${'Status'.padEnd(40)} ${'Hours'.padStart(6)}  LBA of first failure [SK ASC ASCQ]\n`);
  for (const r of entries) stdout.write(`${entryLine(r)}\n`);
}

/** Runs `selftest`. */
export async function selftest(device: string, opts: SelftestCommandOptions): Promise<number> {
  const kind = selftestKind(opts);
  const results = opts.results || kind === undefined;
  const pollSeconds = opts.poll ?? 1;
  const wait = kind !== undefined && (isForegroundSelfTest(kind) || Boolean(opts.wait));
  if (opts.wait && kind !== undefined && (kind === 'abort' || isForegroundSelfTest(kind)) && (opts.verbose ?? 0) > 0) stderr.write('note: --wait changes nothing here: this test ends with its command\n');
  // tests that hold SEND DIAGNOSTIC until they end get at least two hours, as sg_senddiag's -T
  const timeout = kind !== undefined && isForegroundSelfTest(kind) ? Math.max(timeoutMs(opts), FOREGROUND_SELF_TEST_TIMEOUT_MS) : timeoutMs(opts);
  const flow = { deviceOffline: Boolean(opts.doff), unitOffline: Boolean(opts.uoff), timeout };
  if (opts.dryRun) {
    const dry = dryRunExecutor();
    if (kind !== undefined) runFlowSync(dry, selfTestFlow(kind, flow));
    if (results || (kind !== undefined && kind !== 'default')) {
      try {
        runFlowSync(dry, selfTestResultsFlow());
      } catch {
        // the dry run answers LOG SENSE with no data: the plan is what matters
      }
    }
    const notes: string[] = [];
    if (kind !== undefined && isForegroundSelfTest(kind) && kind !== 'default') notes.push(`REQUEST SENSE every ${pollSeconds} s while the test holds SEND DIAGNOSTIC (the progress bar)`);
    if (wait && kind !== undefined && !isForegroundSelfTest(kind)) notes.push(`then REQUEST SENSE and LOG SENSE page 0x10 every ${pollSeconds} s until the log's latest entry is no longer in progress`);
    return printPlan(device, 'selftest', dry.planned, notes, opts);
  }
  return withDevice(device, opts, async (session) => {
    if (kind === undefined) {
      const log = (await runFlowAsync(session.device, selfTestResultsFlow(flowOptions(session)))).decoded;
      const used = log.results.filter((r) => !r.empty);
      if (opts.json) printJson({ device, action: 'selftest', test: null, results: used.map(entryJson), exitStatus: 0 });
      else printLog(used);
      return 0;
    }
    const progress = opts.json || !wait || kind === 'default' ? undefined : fractionProgress(KIND_TEXT[kind]);
    let report: SelfTestReport | undefined;
    let failure: SelfTestError | undefined;
    try {
      report = await runSelfTest(session.device, kind, {
        ...flow,
        wait,
        pollIntervalMs: pollSeconds * 1000,
        onProgress: (p) => progress?.update(p.fraction),
      });
    } catch (e) {
      if (!(e instanceof SelfTestError) || e.code === 'ERR_BAD_RESPONSE') throw e;
      failure = e;
    } finally {
      progress?.stop();
    }
    const latest = failure ? failure.entry : report?.latest;
    const exitStatus = failure ? describeError(failure).exitStatus : 0;
    let log = report?.log;
    if (results && log === undefined) log = (await runFlowAsync(session.device, selfTestResultsFlow(flowOptions(session))).catch(() => undefined))?.decoded;
    if (opts.json) {
      printJson({
        device,
        action: 'selftest',
        test: kind,
        waited: report?.waited ?? true,
        polls: report?.polls ?? null,
        outcome: failure ? (failure.code === 'ERR_SELF_TEST_ABORTED' ? 'aborted' : 'failed') : kind === 'abort' ? 'aborted' : wait ? 'passed' : 'started',
        latest: latest ? entryJson(latest) : null,
        ...(results ? { results: (log?.results ?? []).filter((r) => !r.empty).map(entryJson) } : {}),
        error: failure ? { code: failure.code, message: failure.message } : null,
        exitStatus,
      });
      return exitStatus;
    }
    if (failure) stderr.write(`sgio: ${failure.message}\n`);
    else if (kind === 'default') stdout.write('Default self-test returned GOOD status\n');
    else if (kind === 'abort') stdout.write(`Background self-test aborted${latest ? `: ${entryLine(latest)}` : ''}\n`);
    else if (isForegroundSelfTest(kind)) stdout.write(`Foreground self-test returned GOOD status${latest ? `\n${entryLine(latest)}` : ''}\n`);
    else if (wait) stdout.write(`${KIND_TEXT[kind]} ended${latest ? `: ${entryLine(latest)}` : ''}\n`);
    else stdout.write(`${KIND_TEXT[kind]} started on ${device}; follow it with: sgio selftest ${device} --results (or start it with --wait)\n`);
    if (results) printLog((log?.results ?? []).filter((r) => !r.empty));
    return exitStatus;
  });
}
