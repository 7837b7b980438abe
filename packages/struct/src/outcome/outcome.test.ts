/**
 * outcomeOf against the five places that decided a command's outcome before
 * it (written out here as they were): core's errorFor, CommandResult.ok,
 * PreparedRequest.complete's fast path, the CLI's exit status and transport
 * line, core's retry decision. Every combination class of status, host
 * status, driver status and sense data must give the same answers.
 */
import { describe, expect, it } from 'vitest';
import { SenseCategory, classifyOutcome } from '../sense/classify.js';
import { decodeSense } from '../sense/decode.js';
import type { SenseData } from '../sense/types.js';
import { DriverStatus, DriverSuggest } from '../status/driver-status.js';
import { HostStatus } from '../status/host-status.js';
import { ScsiStatus } from '../status/scsi-status.js';
import { SenseKey } from '../tables/sense-keys.js';
import { OUTCOME_CATEGORIES, exitStatusForCategory, outcomeOf, type OutcomeFailure } from './outcome.js';

/** Fixed-format sense data (response code 0x70, or 0x71 deferred). */
function fixed(key: number, asc: number, ascq: number, o: { deferred?: boolean; info?: number; eom?: boolean; filemark?: boolean; ili?: boolean } = {}): Uint8Array {
  const b = new Uint8Array(18);
  b[0] = (o.info === undefined ? 0 : 0x80) | (o.deferred ? 0x71 : 0x70);
  b[2] = (o.filemark ? 0x80 : 0) | (o.eom ? 0x40 : 0) | (o.ili ? 0x20 : 0) | key;
  if (o.info !== undefined) new DataView(b.buffer).setUint32(3, o.info);
  b[7] = 10;
  b[12] = asc;
  b[13] = ascq;
  return b;
}

/** Descriptor-format sense data without descriptors. */
function descriptor(key: number, asc: number, ascq: number): Uint8Array {
  return Uint8Array.of(0x72, key, asc, ascq, 0, 0, 0, 0);
}

const SENSES: ReadonlyArray<readonly [string, Uint8Array | undefined]> = [
  ['none', undefined],
  ['empty', new Uint8Array(0)],
  ['not sense data', Uint8Array.of(0x12, 0x34, 0x56)],
  ['truncated descriptors', Uint8Array.of(0x72, 0x03, 0x11, 0x00, 0, 0, 0, 12, 0x00, 0x0a)],
  ...Array.from({ length: 16 }, (_, key) => [`fixed key ${key}`, fixed(key, 0x11, 0x00)] as const),
  ...[SenseKey.NO_SENSE, SenseKey.RECOVERED_ERROR, SenseKey.UNIT_ATTENTION, SenseKey.ILLEGAL_REQUEST, SenseKey.ABORTED_COMMAND].map((key) => [`descriptor key ${key}`, descriptor(key, 0x29, 0x00)] as const),
  ['deferred medium error', fixed(SenseKey.MEDIUM_ERROR, 0x11, 0x00, { deferred: true, info: 1234 })],
  ['recovered with info', fixed(SenseKey.RECOVERED_ERROR, 0x17, 0x01, { info: 99 })],
  ['no sense, filemark', fixed(SenseKey.NO_SENSE, 0x00, 0x01, { filemark: true })],
  ['no sense, eom', fixed(SenseKey.NO_SENSE, 0x00, 0x02, { eom: true })],
  ['no sense, ili', fixed(SenseKey.NO_SENSE, 0x00, 0x00, { ili: true })],
  ['becoming ready', fixed(SenseKey.NOT_READY, 0x04, 0x01)],
  ['not ready, needs start', fixed(SenseKey.NOT_READY, 0x04, 0x02)],
  ['invalid opcode', fixed(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00)],
  ['lba out of range', fixed(SenseKey.ILLEGAL_REQUEST, 0x21, 0x00, { info: 7 })],
  ['protection', fixed(SenseKey.ABORTED_COMMAND, 0x10, 0x01)],
];

const STATUSES = [...Object.values(ScsiStatus), 0x01, 0x03, 0x82, 0xff];
const HOSTS = [...Object.values(HostStatus), 0x15, 0x40];
const DRIVERS = [...Object.values(DriverStatus), 0x0f, DriverStatus.DRIVER_SENSE | DriverSuggest.SUGGEST_RETRY, DriverStatus.DRIVER_ERROR | DriverSuggest.SUGGEST_ABORT];

const NO_BYTES = new Uint8Array(0);

// ---- the old decisions, as they were written in core and the CLI ----

const decodedOnce = new Map<Uint8Array, SenseData | undefined>();

function decodeOrUndefined(bytes: Uint8Array): SenseData | undefined {
  if (bytes.length === 0) return undefined;
  if (decodedOnce.has(bytes)) return decodedOnce.get(bytes);
  let sense: SenseData | undefined;
  try {
    sense = decodeSense(bytes);
  } catch {
    sense = undefined;
  }
  decodedOnce.set(bytes, sense);
  return sense;
}

/** core/src/execute/outcome.ts errorFor: the error class and its category, or a warning. */
function oldErrorFor(status: number, host: number, driverStatus: number, senseBytes: Uint8Array): { failure: OutcomeFailure | undefined; category?: number; warning?: boolean } {
  const driver = driverStatus & 0x0f;
  if (host === 0x03 || driver === 0x06) return { failure: 'timeout', category: 33 };
  if (host !== 0) return { failure: 'transport', category: 35 };
  const sense = decodeOrUndefined(senseBytes);
  if (status === 0x02 || (sense && driver === 0x08)) {
    if (!sense) return { failure: 'status', category: 99 };
    if (sense.senseKey === 1 || (sense.senseKey === 0 && !sense.eom && !sense.filemark && !sense.ili)) return { failure: undefined, warning: true };
    return { failure: 'check-condition', category: classifyOutcome({ status, hostStatus: host, driverStatus, sense }) };
  }
  if (status !== 0 && status !== 0x04) return { failure: 'status', category: classifyOutcome({ status, hostStatus: host, driverStatus }) };
  if (driver !== 0 && driver !== 0x08) return { failure: 'transport', category: 35 };
  return { failure: undefined };
}

/** core's CommandResult.ok and PreparedRequest.complete's `clean`. */
function oldOk(status: number, host: number, driverStatus: number): boolean {
  return (status === 0 || status === 4) && host === 0 && (driverStatus & 0x0f) === 0;
}

/**
 * apps/cli exit-codes.ts exitCodeForCategory, less one deliberate change: it
 * folded TASK SET FULL (27) into BUSY (26), which sg_turs does not do (27,
 * measured in the lab's TCMU suite).
 */
function oldExitCode(category: number): number {
  switch (category) {
    case 17:
      return 5;
    case 18:
      return 3;
    case 20:
    case 21:
      return 0;
    default:
      return category >= 0 && category <= 99 ? category : 99;
  }
}

/** core/src/execute/retry.ts: the cases RetryState retries (policy counters aside). */
function oldRetryable(status: number, host: number, driverStatus: number, senseBytes: Uint8Array): boolean {
  const e = oldErrorFor(status, host, driverStatus, senseBytes);
  if (e.failure === 'check-condition') {
    const s = decodeOrUndefined(senseBytes)!;
    return s.senseKey === SenseKey.UNIT_ATTENTION || (s.senseKey === SenseKey.NOT_READY && s.asc === 0x04 && s.ascq === 0x01);
  }
  return e.failure === 'status' && (status === 0x08 || status === 0x28);
}

describe('outcomeOf gives the answers of the five old places', () => {
  it('for every combination of status, host status, driver status and sense data', () => {
    let cases = 0;
    const mismatches: string[] = [];
    for (const status of STATUSES) {
      for (const host of HOSTS) {
        for (const driver of DRIVERS) {
          for (const [name, sense] of SENSES) {
            const bytes = sense ?? NO_BYTES;
            const o = outcomeOf(sense === undefined ? { status, hostStatus: host, driverStatus: driver } : { status, hostStatus: host, driverStatus: driver, sense });
            const old = oldErrorFor(status, host, driver, bytes);
            const cliCategory = classifyOutcome({ status, hostStatus: host, driverStatus: driver, sense: bytes });
            const expected = {
              failure: old.failure,
              ok: old.failure === undefined,
              errorCategory: old.category,
              recovered: old.warning === true,
              clean: oldOk(status, host, driver),
              senseCategory: cliCategory,
              exitStatus: oldExitCode(cliCategory),
              transportOk: !(host !== 0 || ![0, 8].includes(driver & 0x0f)),
              retryable: oldRetryable(status, host, driver, bytes),
              known: true,
            };
            const actual = {
              failure: o.failure,
              ok: o.ok,
              errorCategory: o.errorCategory,
              recovered: o.category === 'recovered',
              clean: o.clean,
              senseCategory: o.senseCategory,
              exitStatus: o.exitStatus,
              transportOk: o.transportOk,
              retryable: o.retryable,
              known: OUTCOME_CATEGORIES.includes(o.category),
            };
            for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
              if (actual[key] !== expected[key] && mismatches.length < 20) {
                mismatches.push(`status 0x${status.toString(16)} host 0x${host.toString(16)} driver 0x${driver.toString(16)} sense ${name}: ${key} ${String(actual[key])}, was ${String(expected[key])}`);
              }
            }
            cases++;
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cases).toBeGreaterThan(50_000);
  }, 60_000);
});

describe('outcomeOf', () => {
  it('returns one shared object for clean completions', () => {
    expect(outcomeOf({ status: 0 })).toBe(outcomeOf({ status: 0, hostStatus: 0, driverStatus: 0 }));
    expect(outcomeOf({ status: 0 })).toMatchObject({ ok: true, clean: true, category: 'good', failure: undefined, exitStatus: 0 });
    expect(outcomeOf({ status: ScsiStatus.CONDITION_MET })).toMatchObject({ ok: true, clean: true, category: 'condition-met', exitStatus: 25 });
    expect(Object.isFrozen(outcomeOf({ status: 0 }))).toBe(true);
  });

  it('names each SCSI status', () => {
    const expected: [number, string][] = [
      [ScsiStatus.CHECK_CONDITION, 'check-condition-without-sense'],
      [ScsiStatus.BUSY, 'busy'],
      [ScsiStatus.RESERVATION_CONFLICT, 'reservation-conflict'],
      [ScsiStatus.TASK_SET_FULL, 'task-set-full'],
      [ScsiStatus.ACA_ACTIVE, 'aca-active'],
      [ScsiStatus.TASK_ABORTED, 'task-aborted'],
      [ScsiStatus.INTERMEDIATE, 'other-status'],
      [ScsiStatus.COMMAND_TERMINATED, 'other-status'],
    ];
    expect(expected.map(([status]) => [status, outcomeOf({ status }).category])).toEqual(expected);
    expect(outcomeOf({ status: ScsiStatus.BUSY }).retryable).toBe(true);
    expect(outcomeOf({ status: ScsiStatus.RESERVATION_CONFLICT }).retryable).toBe(false);
  });

  it('names host and driver failures', () => {
    expect(outcomeOf({ status: 0, hostStatus: HostStatus.DID_TIME_OUT }).category).toBe('timeout');
    expect(outcomeOf({ status: 0, driverStatus: DriverStatus.DRIVER_TIMEOUT }).category).toBe('timeout');
    expect(outcomeOf({ status: 0, hostStatus: HostStatus.DID_NO_CONNECT })).toMatchObject({ category: 'device-gone', failure: 'transport', errorCategory: 35 });
    expect(outcomeOf({ status: 0, hostStatus: HostStatus.DID_BAD_TARGET }).category).toBe('device-gone');
    expect(outcomeOf({ status: 0, hostStatus: HostStatus.DID_ERROR }).category).toBe('transport');
    expect(outcomeOf({ status: 0, driverStatus: DriverStatus.DRIVER_ERROR })).toMatchObject({ category: 'driver', failure: 'transport' });
    // a timeout wins over a CHECK CONDITION
    expect(outcomeOf({ status: 2, hostStatus: HostStatus.DID_TIME_OUT, sense: fixed(SenseKey.MEDIUM_ERROR, 0x11, 0) }).category).toBe('timeout');
  });

  it('decides CHECK CONDITION by the sense data', () => {
    const o = outcomeOf({ status: 2, driverStatus: DriverStatus.DRIVER_SENSE, sense: fixed(SenseKey.MEDIUM_ERROR, 0x11, 0x00, { info: 4096 }) });
    expect(o).toMatchObject({ ok: false, category: 'check-condition', failure: 'check-condition', retryable: false, senseCategory: SenseCategory.MEDIUM_HARD, exitStatus: 3 });
    expect(o.sense).toMatchObject({ key: 3, keyName: 'Medium Error', asc: 0x11, ascq: 0, deferred: false, recovered: false, information: 4096n });
    expect(outcomeOf({ status: 2, sense: fixed(SenseKey.UNIT_ATTENTION, 0x29, 0) }).retryable).toBe(true);
    expect(outcomeOf({ status: 2, sense: fixed(SenseKey.NOT_READY, 0x04, 0x01) }).retryable).toBe(true);
    expect(outcomeOf({ status: 2, sense: fixed(SenseKey.NOT_READY, 0x3a, 0x00) }).retryable).toBe(false);
  });

  it('lets RECOVERED ERROR and plain NO SENSE succeed with a warning, as core did', () => {
    const r = outcomeOf({ status: 2, sense: fixed(SenseKey.RECOVERED_ERROR, 0x17, 0x01) });
    expect(r).toMatchObject({ ok: true, clean: false, category: 'recovered', failure: undefined, exitStatus: 0, senseCategory: SenseCategory.RECOVERED });
    expect(r.sense?.recovered).toBe(true);
    expect(outcomeOf({ status: 2, sense: fixed(SenseKey.NO_SENSE, 0, 0) }).ok).toBe(true);
    expect(outcomeOf({ status: 2, sense: fixed(SenseKey.NO_SENSE, 0, 1, { filemark: true }) })).toMatchObject({ ok: false, category: 'check-condition' });
  });

  it('marks deferred errors', () => {
    const o = outcomeOf({ status: 2, sense: fixed(SenseKey.HARDWARE_ERROR, 0x44, 0, { deferred: true }) });
    expect(o.sense?.deferred).toBe(true);
    expect(o.ok).toBe(false);
  });

  it('reads only senseLength bytes of the sense buffer', () => {
    const buffer = new Uint8Array(96);
    buffer.set(fixed(SenseKey.ILLEGAL_REQUEST, 0x24, 0));
    expect(outcomeOf({ status: 2, sense: buffer, senseLength: 18 }).sense?.asc).toBe(0x24);
    expect(outcomeOf({ status: 2, sense: buffer, senseLength: 0 }).category).toBe('check-condition-without-sense');
  });

  it('accepts decoded sense data', () => {
    const data = decodeSense(fixed(SenseKey.DATA_PROTECT, 0x27, 0));
    expect(outcomeOf({ status: 2, sense: data })).toMatchObject({ category: 'check-condition', exitStatus: 7 });
  });

  it('folds categories into exit statuses like sg3_utils', () => {
    expect(exitStatusForCategory(SenseCategory.ILLEGAL_REQUEST_WITH_INFO)).toBe(5);
    expect(exitStatusForCategory(SenseCategory.MEDIUM_HARD_WITH_INFO)).toBe(3);
    expect(exitStatusForCategory(SenseCategory.TASK_SET_FULL)).toBe(27); // sg_turs: 27 (SG_LIB_CAT_TS_FULL), not BUSY's 26
    expect(exitStatusForCategory(SenseCategory.BUSY)).toBe(26);
    expect(exitStatusForCategory(SenseCategory.RECOVERED)).toBe(0);
    expect(exitStatusForCategory(SenseCategory.NO_SENSE)).toBe(0);
    expect(exitStatusForCategory(41)).toBe(41);
    expect(exitStatusForCategory(300)).toBe(99);
  });
});
