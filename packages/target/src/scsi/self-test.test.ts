/**
 * The disk's self-tests at the handler level (no kernel): SEND DIAGNOSTIC's
 * codes, the foreground gate, REQUEST SENSE progress, the Self-Test Results
 * log page as struct decodes it, injected failures; then core's
 * `runSelfTest` driving the disk as an initiator would.
 */
import { CheckConditionError, runSelfTest, SelfTestError, type SelfTestProgress } from '@sgio/core';
import { decodeLogPage, decodeModeSense, decodeSense, decodeSelfTestResultsLogPage, decodeSupportedLogPages, ScsiStatus } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory-store.js';
import { executorOf, request, run } from '../test-support/disk-initiator.js';
import type { ScsiResponse } from './response.js';
import { ScsiDisk } from './scsi-disk.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const newDisk = (shortMs = 60): ScsiDisk => new ScsiDisk({ store: new MemoryStore(1 << 20), selfTest: { shortMs, extendedMs: 3 * shortMs } });
const selfTestLog = async (d: ScsiDisk) => decodeSelfTestResultsLogPage((await run(d, request('logSense', { pageCode: 0x10 }))).data!);
const senseOf = (r: ScsiResponse) => decodeSense(r.sense!);

describe('ScsiDisk self-tests', () => {
  it('lists the Self-Test Results page among its log pages, 20 entries of 0x14 bytes (smartctl wants page length 0x190)', async () => {
    const d = newDisk();
    expect(decodeSupportedLogPages((await run(d, request('logSense', { pageCode: 0 }))).data!).supportedPages).toEqual([0x00, 0x10]);
    const page = (await run(d, request('logSense', { pageCode: 0x10 }))).data!;
    expect(page.length).toBe(0x194);
    expect(Array.from(page.subarray(0, 4))).toEqual([0x10, 0, 0x01, 0x90]);
    expect(decodeSelfTestResultsLogPage(page).results.every((r) => r.empty)).toBe(true);
    expect(decodeLogPage(page)).toMatchObject({ pageName: 'Self-Test Results' });
    expect(senseOf(await run(d, request('logSense', { pageCode: 0x0d })))).toMatchObject({ senseKey: 5, asc: 0x24 });
    // the Control mode page says how long the extended test takes (sg_senddiag -e)
    const mode = decodeModeSense((await run(d, request('modeSense10', { pageCode: 0x0a, dbd: true }))).data!, 10);
    expect(mode.pages[0]).toMatchObject({ extendedSelfTestCompletionTime: 1 });
  });

  it('a background short test returns at once, is "in progress" in the log and in REQUEST SENSE, then passes', async () => {
    const d = newDisk();
    expect((await run(d, request('sendDiagnostic', { selfTestCode: 1 }))).status).toBe(ScsiStatus.GOOD);
    expect((await selfTestLog(d)).results[0]).toMatchObject({ parameterCode: 1, selfTestCode: 1, selfTestResult: 0xf, selfTestResultName: 'in-progress' });
    await run(d, request('logSense', { pageCode: 0x0d })); // a failure whose sense would be pending
    const sense = decodeSense((await run(d, request('requestSense'))).data!);
    expect(sense).toMatchObject({ senseKey: 2, asc: 0x04, ascq: 0x09, senseKeySpecific: { kind: 'progress' } });
    // the unit stays usable during a background test
    expect((await run(d, request('read10', { lba: 0, transferLength: 1 }))).status).toBe(ScsiStatus.GOOD);
    // a second test while one runs: NOT READY, SELF-TEST IN PROGRESS
    expect(senseOf(await run(d, request('sendDiagnostic', { selfTestCode: 2 })))).toMatchObject({ senseKey: 2, asc: 0x04, ascq: 0x09 });
    expect(decodeSense((await run(d, request('requestSense'))).data!).senseKeySpecific).toMatchObject({ kind: 'progress' });
    await sleep(120);
    const log = await selfTestLog(d);
    expect(log.results[0]).toMatchObject({ selfTestCode: 1, selfTestResult: 0, addressOfFirstFailure: 0xffffffffffffffffn });
    expect(log.results[1]!.empty).toBe(true);
    // the refused second test's sense was dropped by the progress polls: after the test the unit has nothing to say
    expect(decodeSense((await run(d, request('requestSense'))).data!)).toMatchObject({ senseKey: 0, asc: 0 });
  });

  it('a stop (START STOP UNIT, START 0) or a SANITIZE ends a background test as aborted otherwise (result 2), as SPC lists them; a start does not', async () => {
    const d = newDisk(10_000);
    await run(d, request('sendDiagnostic', { selfTestCode: 1 }));
    await run(d, request('startStopUnit', { start: true }));
    expect(d.context.selfTests.running).toMatchObject({ code: 1, foreground: false });
    expect((await run(d, request('startStopUnit', { start: false }))).status).toBe(ScsiStatus.GOOD);
    expect(d.context.selfTests.running).toBeUndefined();
    expect((await selfTestLog(d)).results[0]).toMatchObject({ selfTestCode: 1, selfTestResult: 2 });
    await run(d, request('sendDiagnostic', { selfTestCode: 2 }));
    await run(d, request('sanitize', { serviceAction: 0x1f }));
    expect((await selfTestLog(d)).results[0]).toMatchObject({ selfTestCode: 2, selfTestResult: 2 });
  });

  it('abort ends a background test (result 1); abort with none running is INVALID FIELD IN CDB', async () => {
    const d = newDisk(10_000);
    await run(d, request('sendDiagnostic', { selfTestCode: 2 }));
    expect((await run(d, request('sendDiagnostic', { selfTestCode: 4 }))).status).toBe(ScsiStatus.GOOD);
    expect((await selfTestLog(d)).results[0]).toMatchObject({ selfTestCode: 2, selfTestResult: 1, selfTestResultName: 'aborted-by-send-diagnostic' });
    expect(senseOf(await run(d, request('sendDiagnostic', { selfTestCode: 4 })))).toMatchObject({ senseKey: 5, asc: 0x24 });
    // reserved codes, SELFTEST with a code, a parameter list
    for (const f of [{ selfTestCode: 3 }, { selfTestCode: 7 }, { selftest: true, selfTestCode: 1 }]) expect(senseOf(await run(d, request('sendDiagnostic', f))).asc).toBe(0x24);
  });

  it('a foreground test holds its command, turns other commands away with NOT READY 04h/09h, answers REQUEST SENSE with progress', async () => {
    const d = newDisk(150);
    const started = Date.now();
    const fg = run(d, request('sendDiagnostic', { selfTestCode: 5 }));
    await sleep(60);
    expect(senseOf(await run(d, request('testUnitReady')))).toMatchObject({ senseKey: 2, asc: 0x04, ascq: 0x09 });
    expect((await run(d, request('inquiry'))).status).toBe(ScsiStatus.GOOD);
    const progress = decodeSense((await run(d, request('requestSense'))).data!).senseKeySpecific;
    expect(progress).toMatchObject({ kind: 'progress' });
    expect((progress as { fraction: number }).fraction).toBeGreaterThan(0.2);
    expect((progress as { fraction: number }).fraction).toBeLessThan(1);
    expect((await fg).status).toBe(ScsiStatus.GOOD);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await selfTestLog(d)).results[0]).toMatchObject({ selfTestCode: 5, selfTestResult: 0 });
    expect((await run(d, request('testUnitReady'))).status).toBe(ScsiStatus.GOOD);
  });

  it('an injected failure: HARDWARE ERROR, LOGICAL UNIT FAILED SELF-TEST for a foreground test, the chosen sense and LBA in the log', async () => {
    const d = newDisk(20);
    const h = d.faults.selfTestFailure({ sense: { key: 3, asc: 0x11, ascq: 0 }, lba: 4096, segment: 2, codes: [5, 6], times: 1 });
    expect(senseOf(await run(d, request('sendDiagnostic', { selfTestCode: 5 })))).toMatchObject({ senseKey: 4, asc: 0x3e, ascq: 0x03 });
    expect((await selfTestLog(d)).results[0]).toMatchObject({ selfTestCode: 5, selfTestResult: 6, selfTestNumber: 2, addressOfFirstFailure: 4096n, senseKey: 3, asc: 0x11, ascq: 0 });
    expect(h.hits).toBe(1);
    // retired after one hit: the next test passes and goes on top
    expect((await run(d, request('sendDiagnostic', { selfTestCode: 5 }))).status).toBe(ScsiStatus.GOOD);
    const log = await selfTestLog(d);
    expect(log.results.slice(0, 2).map((r) => r.selfTestResult)).toEqual([0, 6]);
    // the default test fails the same way and is logged with SELF-TEST CODE 0 ("Default" in sg_logs and smartctl)
    d.faults.selfTestFailure({ codes: [0], times: 1 });
    expect(senseOf(await run(d, request('sendDiagnostic', { selftest: true })))).toMatchObject({ senseKey: 4, asc: 0x3e });
    expect((await selfTestLog(d)).results.filter((r) => !r.empty)).toHaveLength(3);
    expect((await selfTestLog(d)).results[0]).toMatchObject({ selfTestCode: 0, selfTestResult: 5 });
    expect((await run(d, request('sendDiagnostic', { selftest: true }))).status).toBe(ScsiStatus.GOOD);
    expect((await selfTestLog(d)).results[0]).toMatchObject({ selfTestCode: 0, selfTestResult: 0 });
  });
});

describe("core's runSelfTest against the disk", () => {
  it('background short with wait: polls until the log says passed, with progress fractions', async () => {
    const d = newDisk(120);
    const seen: SelfTestProgress[] = [];
    const report = await runSelfTest(executorOf(d), 'background-short', { wait: true, pollIntervalMs: 20, onProgress: (p) => seen.push(p) });
    expect(report).toMatchObject({ waited: true, latest: { selfTestCode: 1, selfTestResult: 0 } });
    expect(report.polls).toBeGreaterThan(2);
    expect(seen.some((p) => p.fraction !== undefined && p.fraction > 0 && p.fraction < 1)).toBe(true);
    expect(seen.at(-1)!.fraction).toBe(1);
  });

  it('foreground short: progress from REQUEST SENSE while the command is in flight', async () => {
    const d = newDisk(150);
    const seen: SelfTestProgress[] = [];
    const report = await runSelfTest(executorOf(d), 'foreground-short', { pollIntervalMs: 25, onProgress: (p) => seen.push(p) });
    expect(report.latest).toMatchObject({ selfTestCode: 5, selfTestResult: 0 });
    expect(seen.filter((p) => p.sense?.ascq === 0x09).length).toBeGreaterThan(1);
  });

  it('a failed test is ERR_SELF_TEST_FAILED, foreground (with the CHECK CONDITION as cause) and waited background; abort gives ERR_SELF_TEST_ABORTED to the waiter', async () => {
    const d = newDisk(30);
    d.faults.selfTestFailure({ lba: 77 });
    const fg = await runSelfTest(executorOf(d), 'foreground-short', { pollIntervalMs: 10 }).catch((e: unknown) => e);
    expect(fg).toBeInstanceOf(SelfTestError);
    expect(fg).toMatchObject({ code: 'ERR_SELF_TEST_FAILED', entry: { selfTestResult: 5, addressOfFirstFailure: 77n } });
    expect((fg as Error).cause).toBeInstanceOf(CheckConditionError);
    const bg = await runSelfTest(executorOf(d), 'background-extended', { wait: true, pollIntervalMs: 10 }).catch((e: unknown) => e);
    expect(bg).toMatchObject({ code: 'ERR_SELF_TEST_FAILED', entry: { selfTestCode: 2, selfTestResult: 5 } });
    d.faults.clear();
    const waiting = runSelfTest(executorOf(d), 'background-extended', { wait: true, pollIntervalMs: 10 }).catch((e: unknown) => e);
    await sleep(30);
    const abort = await runSelfTest(executorOf(d), 'abort');
    expect(abort.latest).toMatchObject({ selfTestCode: 2, selfTestResult: 1 });
    expect(await waiting).toMatchObject({ code: 'ERR_SELF_TEST_ABORTED' });
  });
});
