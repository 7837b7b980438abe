/** Host tests of the self-test CDBs (as sg_senddiag sends them) and verdicts; the target package drives runSelfTest against its disk. */
import { describe, expect, it } from 'vitest';
import { dryRunExecutor } from '../destructive/dry-run.js';
import { runFlowSync } from '../flows/command-step.js';
import { FOREGROUND_SELF_TEST_TIMEOUT_MS, latestSelfTest, runSelfTest, selfTestFlow, selfTestVerdict, type SelfTestKind } from './self-test.js';
import type { CdbDefinition, FieldSpecs, FieldsInput } from '@sgio/struct';
import type { ExecuteOptions } from '../execute/options.js';

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('selfTestFlow', () => {
  it.each<[SelfTestKind, string]>([
    ['default', '1d0400000000'], // sg_senddiag -t
    ['background-short', '1d2000000000'], // -s 1
    ['background-extended', '1d4000000000'], // -s 2
    ['abort', '1d8000000000'], // -s 4
    ['foreground-short', '1da000000000'], // -s 5
    ['foreground-extended', '1dc000000000'], // -s 6
  ])('%s sends SEND DIAGNOSTIC %s', (kind, cdb) => {
    const dry = dryRunExecutor();
    runFlowSync(dry, selfTestFlow(kind));
    expect(dry.planned.map((p) => [p.command, hexOf(p.cdb), p.dataLength])).toEqual([['SEND DIAGNOSTIC', cdb, 0]]);
  });

  it('sets DEVOFFL and UNITOFFL for the default test only; gives tests that hold the command a two-hour timeout', () => {
    const dry = dryRunExecutor();
    runFlowSync(dry, selfTestFlow('default', { deviceOffline: true, unitOffline: true }));
    expect(hexOf(dry.planned[0]!.cdb)).toBe('1d0700000000');
    expect(() => runFlowSync(dry, selfTestFlow('background-short', { unitOffline: true }))).toThrow(/default self-test only/);
    expect(() => runFlowSync(dry, selfTestFlow('sideways' as SelfTestKind))).toThrow(/unknown kind/);
    const timeouts: (number | undefined)[] = [];
    const spy = {
      ...dry,
      executeSync: <F extends FieldSpecs>(d: CdbDefinition<string, F>, f?: FieldsInput<F>, o?: ExecuteOptions) => (timeouts.push(o?.timeout), dry.executeSync(d, f, o)),
    };
    runFlowSync(spy, selfTestFlow('foreground-extended'));
    runFlowSync(spy, selfTestFlow('background-extended'));
    runFlowSync(spy, selfTestFlow('default', { timeout: 5000 }));
    expect(timeouts).toEqual([FOREGROUND_SELF_TEST_TIMEOUT_MS, undefined, 5000]);
  });
});

describe('selfTestVerdict and latestSelfTest', () => {
  it('reads the result codes of the log page', () => {
    expect([0, 1, 2, 3, 5, 7, 8, 0xf].map((selfTestResult) => selfTestVerdict({ selfTestResult }))).toEqual(['passed', 'aborted', 'aborted', 'failed', 'failed', 'failed', 'unknown', 'in-progress']);
    const entry = (parameterCode: number, empty: boolean) => ({ parameterCode, empty }) as never;
    expect(latestSelfTest({ results: [entry(1, false), entry(2, false)] } as never)).toMatchObject({ parameterCode: 1 });
    expect(latestSelfTest({ results: [entry(1, true)] } as never)).toBeUndefined();
  });
});

describe('runSelfTest', () => {
  it('stops at once when its signal is already aborted: nothing is sent', async () => {
    const dry = dryRunExecutor();
    await expect(runSelfTest(dry, 'background-short', { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(dry.planned).toEqual([]);
  });

  it('without wait, a background test is started and the log read once (a device without the log page still reports the start)', async () => {
    const dry = dryRunExecutor();
    const report = await runSelfTest(dry, 'background-short');
    expect(dry.planned.map((p) => p.command)).toEqual(['SEND DIAGNOSTIC', 'LOG SENSE']);
    expect(report).toMatchObject({ waited: false, log: undefined, latest: undefined, polls: 0 });
  });
});
