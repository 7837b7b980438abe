import type { SelfTestResult } from '@sgio/struct';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { entryLine, selftest, selftestKind } from './selftest.js';
import { stdout } from '../common/stdio.js';

describe('selftestKind', () => {
  it('maps the options to a test, background unless --foreground; sg_senddiag codes with -s', () => {
    expect(selftestKind({ short: true })).toBe('background-short');
    expect(selftestKind({ extended: true, foreground: true })).toBe('foreground-extended');
    expect(selftestKind({ short: true, background: true })).toBe('background-short');
    expect(selftestKind({ default: true, uoff: true })).toBe('default');
    expect(selftestKind({ abort: true })).toBe('abort');
    expect([1, 2, 4, 5, 6].map((selftest) => selftestKind({ selftest }))).toEqual(['background-short', 'background-extended', 'abort', 'foreground-short', 'foreground-extended']);
    expect(selftestKind({ results: true })).toBeUndefined();
  });

  it('refuses combinations that mean two things, exit 1', () => {
    expect(() => selftestKind({ short: true, extended: true })).toThrow(expect.objectContaining({ exitCode: 1, message: expect.stringMatching(/one of/) }));
    expect(() => selftestKind({ short: true, background: true, foreground: true })).toThrow(/not both/);
    expect(() => selftestKind({ default: true, foreground: true })).toThrow(/--short or --extended/);
    expect(() => selftestKind({ short: true, doff: true })).toThrow(/go with --default/);
    expect(() => selftestKind({ selftest: 3 })).toThrow(/codes 1, 2/);
    expect(() => selftestKind({ foreground: true })).toThrow(/--short or --extended/);
  });
});

describe('entryLine', () => {
  const entry = (over: Partial<SelfTestResult>): SelfTestResult => ({
    parameterCode: 1,
    selfTestCode: 1,
    selfTestResult: 0,
    selfTestResultName: 'passed',
    selfTestNumber: 0,
    accumulatedPowerOnHours: 12,
    addressOfFirstFailure: 0xffffffffffffffffn,
    senseKey: 0,
    asc: 0,
    ascq: 0,
    vendorSpecific: 0,
    empty: false,
    ...over,
  });
  it('says test, status, hours, the first failing LBA and the sense, as smartctl -l selftest', () => {
    expect(entryLine(entry({}))).toMatch(/^# 1 {2}background short +completed without error +12 {2}-$/);
    expect(entryLine(entry({ parameterCode: 2, selfTestCode: 6, selfTestResult: 7, selfTestResultName: 'failed-other-segment', selfTestNumber: 3, addressOfFirstFailure: 4096n, senseKey: 3, asc: 0x11 }))).toMatch(
      /^# 2 {2}foreground extended +failed in segment 3 +12 {2}4096 {2}\[0x3 0x11 0x00\]$/,
    );
  });
});

describe('selftest --dry-run', () => {
  afterEach(() => vi.restoreAllMocks());
  const capture = async (opts: Parameters<typeof selftest>[1]): Promise<unknown> => {
    let out = '';
    vi.spyOn(stdout, 'write').mockImplementation((s) => void (out += String(s)));
    expect(await selftest('/dev/sg9', { ...opts, dryRun: true, json: true })).toBe(0);
    return JSON.parse(out);
  };

  it('prints the CDB sg_senddiag would send and the polls that follow, sending nothing', async () => {
    expect(await capture({ short: true, wait: true, poll: 2 })).toMatchObject({
      action: 'selftest',
      dryRun: true,
      commands: [
        { command: 'SEND DIAGNOSTIC', cdb: '1d 20 00 00 00 00', dataLength: 0 },
        { command: 'LOG SENSE', cdb: '4d 00 50 00 00 00 00 10 00 00' },
      ],
      notes: [expect.stringMatching(/every 2 s/)],
    });
    expect(await capture({ default: true })).toMatchObject({ commands: [{ cdb: '1d 04 00 00 00 00' }] });
    expect(await capture({ selftest: 5 })).toMatchObject({ commands: [{ cdb: '1d a0 00 00 00 00' }, { command: 'LOG SENSE' }], notes: [expect.stringMatching(/REQUEST SENSE/)] });
  });
});
