/**
 * The disk's self-tests: SEND DIAGNOSTIC's default test and self-test codes
 * (1/2 background short/extended, 4 abort, 5/6 foreground short/extended),
 * the progress REQUEST SENSE reports while one runs, and the Self-Test
 * Results log page (0x10) that records them, most recent first.
 *
 * What it does, after SPC's self-test rules:
 * - a foreground test holds its SEND DIAGNOSTIC until it ends; meanwhile
 *   every command but INQUIRY, REPORT LUNS and REQUEST SENSE gets NOT READY,
 *   LOGICAL UNIT NOT READY, SELF-TEST IN PROGRESS (04h/09h). A failure ends
 *   the command with HARDWARE ERROR, LOGICAL UNIT FAILED SELF-TEST (3Eh/03h).
 * - a background test returns at once and writes log entry 1 as "in
 *   progress" (result 0xF); other commands run normally; SEND DIAGNOSTIC
 *   starting another test gets NOT READY 04h/09h; code 4 aborts it (result
 *   1). Code 4 with no background test running is INVALID FIELD IN CDB.
 * - REQUEST SENSE during either kind answers NOT READY 04h/09h with the
 *   progress indication (the fraction of the test's duration gone by).
 * - the default test (SELFTEST bit) runs as a foreground test would and is
 *   logged with SELF-TEST CODE 000b, the code field of the SEND DIAGNOSTIC
 *   that started it (SPC's rule for the field): sg_logs and smartctl both
 *   name such entries "Default", so drives record them.
 * - a command SPC lists as an exception for background self-tests ends a
 *   running one as aborted (result 2) before it is served: of those this
 *   disk serves, START STOP UNIT with START 0 (a stop), and SANITIZE
 *   (FORMAT UNIT and WRITE BUFFER's microcode download are not served).
 *
 * Failures come from the disk's `FaultInjector` (`selfTestFailure`): the
 * test runs its whole duration, then records the rule's result, segment,
 * sense and LBA.
 */
import { encodeSense, SELF_TEST_RESULT_LAYOUT } from '@sgio/struct';
import type { FaultInjector } from '../faults/fault-injector.js';
import { fieldFlag, fieldNumber, type ScsiRequest } from './request.js';
import { checkCondition, good, Sense, type ScsiResponse, type SenseCode } from './response.js';

/** How long the disk's self-tests take. */
export interface SelfTestDurations {
  /** Short self-test (codes 1 and 5), milliseconds; default 2000. */
  readonly shortMs?: number;
  /** Extended self-test (codes 2 and 6), milliseconds; default 3 × `shortMs`. */
  readonly extendedMs?: number;
  /** Default self-test (the SELFTEST bit), milliseconds; default 0 (done at once). */
  readonly defaultMs?: number;
}

/** Sense codes of self-tests (SPC-6 Annex F). */
export const SelfTestSense = {
  /** NOT READY, LOGICAL UNIT NOT READY, SELF-TEST IN PROGRESS. */
  IN_PROGRESS: { key: 0x2, asc: 0x04, ascq: 0x09 },
  /** HARDWARE ERROR, LOGICAL UNIT FAILED SELF-TEST. */
  FAILED: { key: 0x4, asc: 0x3e, ascq: 0x03 },
} as const satisfies Record<string, SenseCode>;

/** One entry of the Self-Test Results log page. */
export interface SelfTestLogEntry {
  /** SELF-TEST CODE of the SEND DIAGNOSTIC that started it. */
  readonly code: number;
  /** SELF-TEST RESULTS: 0 passed, 1 aborted by SEND DIAGNOSTIC, 2 aborted otherwise, 3..7 failed, 0xF in progress. */
  readonly result: number;
  /** SELF-TEST NUMBER: the segment that failed (0 when none). */
  readonly segment: number;
  /** ACCUMULATED POWER ON HOURS when it ended (or started, in progress). */
  readonly powerOnHours: number;
  /** ADDRESS OF FIRST FAILURE (all ones: none). */
  readonly firstFailure: bigint;
  /** Sense key, ASC and ASCQ of the failure (zeros: none). */
  readonly sense: SenseCode;
}

/** Parameters the Self-Test Results log page always has (SPC-6: 20 entries of 0x14 bytes). */
export const SELF_TEST_LOG_ENTRIES = 20;
const NO_ADDRESS = 0xffff_ffff_ffff_ffffn;
const NONE: SenseCode = { key: 0, asc: 0, ascq: 0 };
/** Commands a foreground self-test lets through (SPC-6: INQUIRY, REPORT LUNS, REQUEST SENSE). */
const FOREGROUND_EXEMPT = new Set([0x12, 0xa0, 0x03]);

interface Running {
  readonly code: number;
  readonly foreground: boolean;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly timer: NodeJS.Timeout;
  /** Ends the test: 0 at its natural end, or the result of an abort (1 by SEND DIAGNOSTIC, 2 otherwise). */
  readonly end: (abortResult: 0 | 1 | 2) => void;
}

/** The self-test state of one disk. */
export class SelfTests {
  readonly #shortMs: number;
  readonly #extendedMs: number;
  readonly #defaultMs: number;
  readonly #poweredOnAt = Date.now();
  readonly #log: SelfTestLogEntry[] = [];
  #running: Running | undefined;

  /** Self-tests that take `durations`. */
  constructor(durations: SelfTestDurations = {}) {
    const check = (name: string, ms: number | undefined): void => {
      if (ms !== undefined && !(Number.isInteger(ms) && ms >= 0 && ms <= 86_400_000)) throw new RangeError(`self-test ${name} must be 0..86400000 ms, got ${ms}`);
    };
    check('shortMs', durations.shortMs);
    check('extendedMs', durations.extendedMs);
    check('defaultMs', durations.defaultMs);
    this.#shortMs = durations.shortMs ?? 2000;
    this.#extendedMs = durations.extendedMs ?? 3 * this.#shortMs;
    this.#defaultMs = durations.defaultMs ?? 0;
  }

  /** The extended self-test's duration in seconds, rounded up (the Control mode page's EXTENDED SELF-TEST COMPLETION TIME). */
  get extendedSeconds(): number {
    return Math.min(0xffff, Math.ceil(this.#extendedMs / 1000));
  }

  /** The log entries, most recent first. */
  get log(): readonly SelfTestLogEntry[] {
    return this.#log;
  }

  /** The test running now: its code, whether it is a foreground test, and the fraction done. */
  get running(): { readonly code: number; readonly foreground: boolean; readonly fraction: number } | undefined {
    const r = this.#running;
    return r && { code: r.code, foreground: r.foreground, fraction: this.#fraction(r) };
  }

  #fraction(r: Running): number {
    return r.durationMs === 0 ? 0 : Math.min(1, (Date.now() - r.startedAt) / r.durationMs);
  }

  #hours(): number {
    return Math.min(0xffff, Math.floor((Date.now() - this.#poweredOnAt) / 3_600_000));
  }

  #record(entry: SelfTestLogEntry, replaceFirst: boolean): void {
    if (replaceFirst) this.#log[0] = entry;
    else this.#log.unshift(entry);
    this.#log.length = Math.min(this.#log.length, SELF_TEST_LOG_ENTRIES);
  }

  /**
   * The answer to a command while a foreground test runs (NOT READY,
   * SELF-TEST IN PROGRESS), or undefined when the command may run.
   */
  gate(request: ScsiRequest): ScsiResponse | undefined {
    if (!this.#running?.foreground || FOREGROUND_EXEMPT.has(request.opcode)) return undefined;
    return checkCondition(SelfTestSense.IN_PROGRESS);
  }

  /** The sense REQUEST SENSE returns while a test runs (NOT READY 04h/09h with the progress indication), or undefined. */
  progressSense(descriptor: boolean): Uint8Array | undefined {
    const r = this.#running;
    if (!r) return undefined;
    return encodeSense({ ...SelfTestSense.IN_PROGRESS, progress: this.#fraction(r), descriptor });
  }

  /** SEND DIAGNOSTIC: starts, runs or aborts a self-test. Diagnostic pages (a parameter list) are not supported. */
  async sendDiagnostic(request: ScsiRequest, faults: FaultInjector): Promise<ScsiResponse> {
    const code = fieldNumber(request, 'selfTestCode');
    const selftest = fieldFlag(request, 'selftest');
    if (fieldNumber(request, 'parameterListLength') !== 0) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
    if (selftest && code !== 0) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
    if (!selftest && code === 0) return good(); // no test and no page: nothing to do
    if (code === 4) {
      const r = this.#running;
      if (!r || r.foreground) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
      r.end(1);
      return good();
    }
    if (code !== 1 && code !== 2 && code !== 5 && code !== 6 && !selftest) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
    if (this.#running) return checkCondition(SelfTestSense.IN_PROGRESS);
    const foreground = selftest || code === 5 || code === 6;
    const durationMs = selftest ? this.#defaultMs : code === 1 || code === 5 ? this.#shortMs : this.#extendedMs;
    const failure = faults.decideSelfTest(code);
    this.#record({ code, result: 0xf, segment: 0, powerOnHours: this.#hours(), firstFailure: NO_ADDRESS, sense: NONE }, false);
    const finished = new Promise<void>((resolve) => {
      let over = false;
      const end = (abortResult: 0 | 1 | 2): void => {
        if (over) return;
        over = true;
        clearTimeout(timer);
        this.#running = undefined;
        const powerOnHours = this.#hours();
        if (abortResult !== 0) this.#record({ code, result: abortResult, segment: 0, powerOnHours, firstFailure: NO_ADDRESS, sense: NONE }, true);
        else if (failure) {
          const segment = failure.segment ?? 1;
          const result = segment === 1 ? 5 : segment === 2 ? 6 : 7;
          this.#record({ code, result, segment, powerOnHours, firstFailure: failure.lba === undefined ? NO_ADDRESS : BigInt(failure.lba), sense: failure.sense ?? Sense.UNRECOVERED_READ_ERROR }, true);
        } else this.#record({ code, result: 0, segment: 0, powerOnHours, firstFailure: NO_ADDRESS, sense: NONE }, true);
        resolve();
      };
      const timer = setTimeout(() => end(0), durationMs);
      // a background test must not keep a stopping process alive
      if (!foreground) timer.unref();
      this.#running = { code, foreground, startedAt: Date.now(), durationMs, timer, end };
    });
    if (!foreground) return good();
    await finished;
    return failure ? checkCondition(SelfTestSense.FAILED) : good();
  }

  /**
   * Before `request` is served: a command that ends a background self-test
   * (a stop, a SANITIZE) aborts it, with result 2.
   */
  interruptFor(request: ScsiRequest): void {
    const r = this.#running;
    if (!r || r.foreground) return;
    const stop = request.opcode === 0x1b && fieldNumber(request, 'powerCondition') === 0 && !fieldFlag(request, 'start');
    if (stop || request.opcode === 0x48) r.end(2);
  }

  /** Ends a background test as aborted by something other than SEND DIAGNOSTIC (result 2), e.g. when the disk stops. */
  abortBackground(): void {
    const r = this.#running;
    if (r && !r.foreground) r.end(2);
  }

  /** The Self-Test Results log page: 20 parameters of 16 bytes, most recent first, unused ones zero. */
  logPage(): Uint8Array {
    const page = new Uint8Array(4 + SELF_TEST_LOG_ENTRIES * 20);
    page[0] = 0x10;
    new DataView(page.buffer).setUint16(2, page.length - 4);
    for (let i = 0; i < SELF_TEST_LOG_ENTRIES; i++) {
      const at = 4 + i * 20;
      new DataView(page.buffer).setUint16(at, i + 1);
      page[at + 2] = 0x03; // FORMAT AND LINKING: binary list
      page[at + 3] = 0x10;
      const e = this.#log[i];
      if (!e) continue;
      page.set(
        SELF_TEST_RESULT_LAYOUT.encode({
          selfTestCode: e.code,
          selfTestResult: e.result,
          selfTestNumber: e.segment,
          accumulatedPowerOnHours: e.powerOnHours,
          addressOfFirstFailure: e.firstFailure,
          senseKey: e.sense.key,
          asc: e.sense.asc,
          ascq: e.sense.ascq,
        }),
        at + 4,
      );
    }
    return page;
  }
}
