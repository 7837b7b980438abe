/** The log pages health reads, decoded from bytes laid out as SPC-6 / SBC-5 draw them. */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../errors/decode-error.js';
import { decodeLogPage } from './dispatch.js';
import { decodeErrorCounterLogPage } from './error-counter.js';

/** A log page: header and parameters given as [code, control byte, ...value]. */
function page(code: number, subpage: number, params: [number, number, ...number[]][]): Uint8Array {
  const body = params.flatMap(([pc, ctl, ...v]) => [pc >> 8, pc & 0xff, ctl, v.length, ...v]);
  return Uint8Array.from([code | (subpage ? 0x40 : 0), subpage, body.length >> 8, body.length & 0xff, ...body]);
}

describe('error counter pages (0x02, 0x03, 0x05)', () => {
  const read = page(0x03, 0, [
    [0, 0x02, 0, 0, 0, 5],
    [1, 0x02, 7],
    [2, 0x02, 0, 3],
    [3, 0x02, 0, 0, 0, 12],
    [4, 0x02, 0, 0, 0, 9],
    [5, 0x02, 0, 0, 0, 0, 0x3b, 0x9a, 0xca, 0x00],
    [6, 0x02, 0, 0, 0, 2],
  ]);
  it('reads every counter, whatever its length', () => {
    expect(decodeLogPage(read)).toMatchObject({
      pageName: 'Read Error Counter',
      correctedWithoutDelay: 5n,
      correctedWithDelay: 7n,
      totalRereadsOrRewrites: 3n,
      totalErrorsCorrected: 12n,
      correctionAlgorithmInvocations: 9n,
      totalBytesProcessed: 1_000_000_000n,
      totalUncorrectedErrors: 2n,
    });
  });
  it('leaves an absent counter null and refuses other pages', () => {
    expect(decodeErrorCounterLogPage(page(0x02, 0, [[6, 2, 1]]))).toMatchObject({ pageName: 'Write Error Counter', correctedWithoutDelay: null, totalUncorrectedErrors: 1n });
    expect(() => decodeErrorCounterLogPage(page(0x0d, 0, []))).toThrow(DecodeError);
  });
});

describe('the other health pages', () => {
  it('Non-Medium Error (0x06)', () => {
    expect(decodeLogPage(page(0x06, 0, [[0, 2, 0, 0, 0, 4]]))).toMatchObject({ nonMediumErrorCount: 4n });
  });
  it('Format Status (0x08): all-ones counters are not available', () => {
    expect(decodeLogPage(page(0x08, 0, [[0, 3], [1, 2, 0, 0, 0, 3], [2, 2, 0xff, 0xff, 0xff, 0xff], [4, 2, 0, 0, 1, 0]]), undefined, 0)).toMatchObject({
      formatDataOutHex: null,
      grownDefectsDuringCertification: 3n,
      totalBlocksReassignedDuringFormat: null,
      totalNewBlocksReassigned: null,
      powerOnMinutesSinceFormat: 256n,
    });
  });
  it('Solid State Media (0x11): percentage used endurance indicator', () => {
    expect(decodeLogPage(page(0x11, 0, [[1, 3, 0, 0, 0, 17]]), undefined, 0)).toMatchObject({ percentageUsedEnduranceIndicator: 17 });
  });
  it('Background Scan Results (0x15): status and a medium scan event', () => {
    const p = page(0x15, 0, [
      [0, 3, 0, 0, 0x05, 0xdc, 0, 1, 0, 4, 0x80, 0, 0, 2],
      [1, 3, 0, 0, 0, 60, 0x83, 0x11, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34],
    ]);
    expect(decodeLogPage(p, undefined, 0)).toMatchObject({
      scanStatus: { accumulatedPowerOnMinutes: 1500, status: 1, numberOfBackgroundScansPerformed: 4, scanProgress: 0x8000, numberOfBackgroundMediumScansPerformed: 2 },
      events: [{ parameterCode: 1, accumulatedPowerOnMinutes: 60, reassignStatus: 8, senseKey: 3, asc: 0x11, ascq: 0, lba: 0x1234n }],
    });
  });
  it('Pending Defects (0x15,0x01): count and entries', () => {
    const p = page(0x15, 1, [
      [0, 3, 0, 0, 0, 1],
      [1, 3, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0x10, 0],
    ]);
    expect(decodeLogPage(p, undefined, 0)).toMatchObject({ pageName: 'Pending Defects', pendingDefectCount: 1, defects: [{ parameterCode: 1, accumulatedPowerOnHours: 9, lba: 0x1000n }] });
  });
  it('Environmental Reporting (0x0D,0x01): signed temperatures, humidity, 0x80 not available', () => {
    const p = page(0x0d, 1, [
      [0, 3, 0, 40, 72, 0x80, 45, 0xfe, 0, 0],
      [0x100, 3, 0, 55, 72, 35, 55, 45, 0, 0],
    ]);
    expect(decodeLogPage(p)).toMatchObject({
      reports: [
        { parameterCode: 0, kind: 'temperature', current: 40, lifetimeMaximum: 72, lifetimeMinimum: null, maximumSincePowerOn: 45, minimumSincePowerOn: -2 },
        { parameterCode: 0x100, kind: 'relative-humidity', current: 55, lifetimeMinimum: 35 },
      ],
    });
  });
});
