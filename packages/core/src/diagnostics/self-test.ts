/**
 * Self-tests (SPC-6 5.x "Self-test operations"): SEND DIAGNOSTIC starts the
 * default test, a short or extended test in the background or the
 * foreground, or aborts a background test; the outcome lands in the
 * Self-Test Results log page (0x10).
 *
 * - default (SELFTEST bit) and foreground tests: the command returns when
 *   the test is over; a failure is CHECK CONDITION, HARDWARE ERROR,
 *   LOGICAL UNIT FAILED SELF-TEST (3Eh/03h). While a foreground test runs
 *   the device answers REQUEST SENSE with NOT READY, SELF-TEST IN PROGRESS
 *   (04h/09h) and a progress indication, which is polled here while the
 *   command is in flight.
 * - background tests: the command returns at once; the log page's most
 *   recent entry says "in progress" (result 0xF) until the test ends, and
 *   REQUEST SENSE may carry a progress indication (NOT READY 04h/09h or NO
 *   SENSE; {@link progressOf} takes either). Waiting polls both.
 */
import {
  SELF_TEST_CODE,
  sendDiagnostic,
  SenseKey,
  type GenericLogPage,
  type LogPage,
  type SelfTestResult,
  type SelfTestResultsLogPage,
  type SenseData,
} from '@sgio/struct';
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import { CommandCanceledError, SgioError } from '../errors/sgio-error.js';
import { CheckConditionError } from '../errors/scsi-errors.js';
import type { CommandResult } from '../execute/result.js';
import { runFlowAsync, step, type CommandFlow, type Executor, type FlowResult } from '../flows/command-step.js';
import { requestSenseFlow } from '../flows/identify-flows.js';
import { logSenseFlow } from '../flows/page-flows.js';
import { progressOf } from '../flows/progress.js';

/** Which self-test to start, or `abort` for the background test in progress. */
export type SelfTestKind = 'default' | 'background-short' | 'background-extended' | 'foreground-short' | 'foreground-extended' | 'abort';

/** The SELF-TEST CODE each kind sends (`default` sends 0 with the SELFTEST bit). */
export const SELF_TEST_KIND_CODES: Readonly<Record<SelfTestKind, number>> = {
  default: SELF_TEST_CODE.none,
  'background-short': SELF_TEST_CODE.backgroundShort,
  'background-extended': SELF_TEST_CODE.backgroundExtended,
  abort: SELF_TEST_CODE.abortBackground,
  'foreground-short': SELF_TEST_CODE.foregroundShort,
  'foreground-extended': SELF_TEST_CODE.foregroundExtended,
};

/** Page code of the Self-Test Results log page. */
export const SELF_TEST_RESULTS_PAGE = 0x10;

/**
 * Timeout of a command that returns only when its test is over (default and
 * foreground tests): two hours, sg_senddiag's default for foreground tests.
 */
export const FOREGROUND_SELF_TEST_TIMEOUT_MS = 7_200_000;

/** Whether the test of `kind` runs while SEND DIAGNOSTIC is in flight (the command returns when it is over). */
export function isForegroundSelfTest(kind: SelfTestKind): boolean {
  return kind === 'default' || kind === 'foreground-short' || kind === 'foreground-extended';
}

/** Options of {@link selfTestFlow}. */
export interface SelfTestFlowOptions extends CommandOptions {
  /** DEVOFFL (default test only): the test may take other logical units of the target off line. */
  readonly deviceOffline?: boolean;
  /** UNITOFFL (default test only): the test may take this logical unit off line (and write to its medium). */
  readonly unitOffline?: boolean;
}

/**
 * SEND DIAGNOSTIC for `kind`: the SELFTEST bit for `default` (with DEVOFFL
 * and UNITOFFL as asked), the SELF-TEST CODE otherwise; no parameter list.
 * Default and foreground tests get {@link FOREGROUND_SELF_TEST_TIMEOUT_MS}
 * unless `options.timeout` says otherwise.
 */
export function* selfTestFlow(kind: SelfTestKind, options: SelfTestFlowOptions = {}): CommandFlow<CommandResult> {
  if (!(kind in SELF_TEST_KIND_CODES)) throw new RangeError(`selfTest(): unknown kind '${String(kind)}'`);
  if (kind !== 'default' && (options.deviceOffline || options.unitOffline)) throw new RangeError('selfTest(): deviceOffline and unitOffline go with the default self-test only');
  const exec = commandOptions(options);
  const timeout = exec.timeout ?? (isForegroundSelfTest(kind) ? FOREGROUND_SELF_TEST_TIMEOUT_MS : undefined);
  return yield step(
    sendDiagnostic,
    {
      selfTestCode: SELF_TEST_KIND_CODES[kind],
      selftest: kind === 'default',
      pf: false,
      devoffl: kind === 'default' && Boolean(options.deviceOffline),
      unitoffl: kind === 'default' && Boolean(options.unitOffline),
      parameterListLength: 0,
    },
    timeout === undefined ? exec : { ...exec, timeout },
  );
}

/** Reads the Self-Test Results log page (0x10), decoded. */
export function* selfTestResultsFlow(options: CommandOptions = {}): CommandFlow<FlowResult<SelfTestResultsLogPage>> {
  const { data, result, decoded } = yield* logSenseFlow(SELF_TEST_RESULTS_PAGE, commandOptions(options));
  const page: LogPage | GenericLogPage = decoded;
  if (page.pageCode !== SELF_TEST_RESULTS_PAGE || !('results' in page)) throw new SelfTestError('ERR_BAD_RESPONSE', `LOG SENSE asked for page 0x10 answered page 0x${page.pageCode.toString(16)}; the device's self-test log cannot be read.`);
  return { data, result, decoded: page };
}

/** What a finished self-test came to, by its log entry's result code. */
export type SelfTestVerdict = 'passed' | 'aborted' | 'failed' | 'in-progress' | 'unknown';

/** The verdict of one log entry: 0 passed, 1..2 aborted, 3..7 failed, 0xF in progress, else unknown. */
export function selfTestVerdict(entry: Pick<SelfTestResult, 'selfTestResult'>): SelfTestVerdict {
  const r = entry.selfTestResult;
  if (r === 0) return 'passed';
  if (r === 1 || r === 2) return 'aborted';
  if (r >= 3 && r <= 7) return 'failed';
  if (r === 0xf) return 'in-progress';
  return 'unknown';
}

/** The most recent entry of a self-test log (parameter 1), or undefined when it is unused. */
export function latestSelfTest(page: SelfTestResultsLogPage): SelfTestResult | undefined {
  const first = page.results.find((r) => r.parameterCode === 1) ?? page.results[0];
  return first === undefined || first.empty ? undefined : first;
}

/** Codes of {@link SelfTestError}. */
export type SelfTestErrorCode = 'ERR_SELF_TEST_FAILED' | 'ERR_SELF_TEST_ABORTED' | 'ERR_BAD_RESPONSE';

/**
 * A self-test that did not pass: `ERR_SELF_TEST_FAILED` (the device said
 * LOGICAL UNIT FAILED SELF-TEST, or the log entry of a waited background
 * test has a failure result 3..7), `ERR_SELF_TEST_ABORTED` (the waited test
 * was aborted: result 1 or 2), or `ERR_BAD_RESPONSE` (the log page read back
 * is not page 0x10).
 */
export class SelfTestError extends SgioError {
  /** The log entry of the test, when the log page could be read. */
  readonly entry: SelfTestResult | undefined;
  /** The kind of test that was run, when known. */
  readonly kind: SelfTestKind | undefined;
  constructor(code: SelfTestErrorCode, message: string, options?: ErrorOptions & { entry?: SelfTestResult | undefined; kind?: SelfTestKind }) {
    super(code, message, options);
    this.entry = options?.entry;
    this.kind = options?.kind;
  }
}

/** What a poll during a self-test saw. */
export interface SelfTestProgress {
  /** 0..1 done, or undefined when the device does not say how far it is. */
  readonly fraction: number | undefined;
  /** The REQUEST SENSE answer of this poll (undefined when it said nothing was running, or failed). */
  readonly sense: SenseData | undefined;
  /** The log's most recent entry at this poll (background tests; undefined when not read). */
  readonly entry: SelfTestResult | undefined;
}

/** Options of {@link runSelfTest}. */
export interface SelfTestOptions extends SelfTestFlowOptions {
  /** Background tests: poll until the test is over (foreground and default tests always wait). Default false. */
  readonly wait?: boolean;
  /** Time between polls (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Called after each poll. */
  readonly onProgress?: (progress: SelfTestProgress) => void;
  /** Stops waiting (a background test goes on in the device; a foreground one is abandoned by this process, not stopped). */
  readonly signal?: AbortSignal;
  /** Read the log page after the command (and at each poll of a background wait); default true. */
  readonly readLog?: boolean;
}

/** What {@link runSelfTest} did. */
export interface SelfTestReport {
  /** The kind that was sent. */
  readonly kind: SelfTestKind;
  /** SEND DIAGNOSTIC's result. */
  readonly result: CommandResult;
  /** Whether the end of the test was waited for. */
  readonly waited: boolean;
  /** Progress polls made. */
  readonly polls: number;
  /** The self-test log read after the command (or at the end of the wait); undefined when not read or not supported. */
  readonly log: SelfTestResultsLogPage | undefined;
  /** The log's most recent entry (undefined: no log, or an empty one). */
  readonly latest: SelfTestResult | undefined;
}

function waitFor(ms: number, signal: AbortSignal | undefined, done?: Promise<unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new CommandCanceledError('aborted', 'self-test wait'));
    };
    const timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    done?.then(finish, finish);
  });
}

function isSelfTestFailure(e: unknown): e is CheckConditionError {
  // HARDWARE ERROR, LOGICAL UNIT FAILED SELF-TEST (3Eh/03h) or UNABLE TO UPDATE SELF-TEST LOG (3Eh/04h)
  return e instanceof CheckConditionError && e.senseKey === SenseKey.HARDWARE_ERROR && e.asc === 0x3e;
}

async function readLog(device: Executor, options: SelfTestOptions): Promise<SelfTestResultsLogPage | undefined> {
  if (options.readLog === false) return undefined;
  try {
    return (await runFlowAsync(device, selfTestResultsFlow(commandOptions({ ...options, timeout: undefined })))).decoded;
  } catch (e) {
    if (options.signal?.aborted) throw e;
    // no self-test log (ILLEGAL REQUEST) or one that does not decode: the test's own outcome stands
    return undefined;
  }
}

async function pollSense(device: Executor, options: SelfTestOptions): Promise<SenseData | undefined> {
  try {
    return (await runFlowAsync(device, requestSenseFlow(commandOptions({ ...options, timeout: undefined })))).decoded;
  } catch (e) {
    if (options.signal?.aborted) throw e;
    return undefined;
  }
}

function describeEntry(entry: SelfTestResult | undefined): string {
  if (entry === undefined) return '';
  const lba = entry.addressOfFirstFailure === 0xffffffffffffffffn ? '' : `, first failure at LBA ${entry.addressOfFirstFailure}`;
  const sense = entry.senseKey === 0 && entry.asc === 0 ? '' : `, sense key 0x${entry.senseKey.toString(16)} asc 0x${entry.asc.toString(16)} ascq 0x${entry.ascq.toString(16)}`;
  return ` (log: ${entry.selfTestResultName}${entry.selfTestNumber ? `, segment ${entry.selfTestNumber}` : ''}${lba}${sense})`;
}

/**
 * Starts (or aborts) a self-test and, for default and foreground tests and
 * for background tests with `wait`, follows it to its end with
 * `onProgress` after each poll. Resolves with the log's latest entry;
 * throws {@link SelfTestError} when the test failed (`ERR_SELF_TEST_FAILED`,
 * the device's CHECK CONDITION as its cause for default and foreground
 * tests) or a waited test was aborted (`ERR_SELF_TEST_ABORTED`). Other
 * command failures (ILLEGAL REQUEST when the device has no such test, NOT
 * READY while another test runs) are thrown as the command's error.
 */
export async function runSelfTest(device: Executor, kind: SelfTestKind, options: SelfTestOptions = {}): Promise<SelfTestReport> {
  const interval = options.pollIntervalMs ?? 1000;
  const signal = options.signal;
  signal?.throwIfAborted();
  let polls = 0;
  const flow = selfTestFlow(kind, options);
  if (isForegroundSelfTest(kind)) {
    const command = runFlowAsync(device, flow);
    const settled = command.then(
      () => true,
      () => true,
    );
    let over = false;
    void settled.then(() => (over = true));
    // a foreground test holds SEND DIAGNOSTIC until it ends: REQUEST SENSE (answered during the test) says how far it is
    while (kind !== 'default' && !over) {
      await waitFor(interval, signal, settled);
      if (over) break;
      const sense = await pollSense(device, options);
      polls++;
      const progress = progressOf(sense);
      if (!over && progress !== undefined) options.onProgress?.({ fraction: progress.fraction, sense: progress.sense, entry: undefined });
    }
    let result: CommandResult;
    try {
      result = await command;
    } catch (e) {
      if (!isSelfTestFailure(e)) throw e;
      const log = kind === 'default' ? undefined : await readLog(device, options);
      const entry = log && latestSelfTest(log);
      throw new SelfTestError('ERR_SELF_TEST_FAILED', `the ${kind} self-test failed: ${e.message}${describeEntry(entry)}`, { cause: e, entry, kind });
    }
    // a device may or may not log the default self-test (as code 0, "Default" in sg_logs and smartctl):
    // the log could not tell this test's entry from an older one, so it is not read for it
    const log = kind === 'default' ? undefined : await readLog(device, options);
    if (kind !== 'default') options.onProgress?.({ fraction: 1, sense: undefined, entry: log && latestSelfTest(log) });
    return { kind, result, waited: true, polls, log, latest: log && latestSelfTest(log) };
  }

  const result = await runFlowAsync(device, flow);
  if (kind === 'abort' || !options.wait) {
    const log = await readLog(device, options);
    return { kind, result, waited: false, polls, log, latest: log && latestSelfTest(log) };
  }
  const code = SELF_TEST_KIND_CODES[kind];
  let log: SelfTestResultsLogPage | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const sense = await pollSense(device, options);
    log = await readLog(device, options);
    polls++;
    const entry = log && latestSelfTest(log);
    const progress = progressOf(sense);
    // the log decides when it has one (the device writes entry 1 "in progress" when the test starts); else the sense does
    const running = entry !== undefined ? selfTestVerdict(entry) === 'in-progress' : progress !== undefined;
    if (!running) break;
    options.onProgress?.({ fraction: progress?.fraction, sense: progress?.sense, entry });
    await waitFor(interval, signal);
  }
  const latest = log && latestSelfTest(log);
  options.onProgress?.({ fraction: 1, sense: undefined, entry: latest });
  if (latest !== undefined && latest.selfTestCode === code) {
    const verdict = selfTestVerdict(latest);
    if (verdict === 'failed') throw new SelfTestError('ERR_SELF_TEST_FAILED', `the ${kind} self-test failed${describeEntry(latest)}`, { entry: latest, kind });
    if (verdict === 'aborted') throw new SelfTestError('ERR_SELF_TEST_ABORTED', `the ${kind} self-test was aborted before it ended${describeEntry(latest)}`, { entry: latest, kind });
  }
  return { kind, result, waited: true, polls, log, latest };
}
