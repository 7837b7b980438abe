/** Host tests of the guards and plans of destructive work; the lab test runs them on scsi_debug. */
import { decodeSense, encodeSense, SenseKey } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { runFlowSync } from '../flows/command-step.js';
import { checkConfirmation, ConfirmationError, type DeviceIdentity } from './confirmation.js';
import { dryRunExecutor } from './dry-run.js';
import { progressOf } from '../flows/progress.js';
import { formatUnitFlow } from './format.js';
import { activateMicrocodeFlow, downloadMicrocodeFlow } from './microcode.js';
import { sanitizeFlow } from './sanitize.js';

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const disk: DeviceIdentity = { vendor: 'Linux', product: 'scsi_debug', serial: '2000', wwns: ['5333333000000001'] };

describe('checkConfirmation', () => {
  it.each(['2000', ' 2000 ', '5333333000000001', '0x5333333000000001', 'naa.5333333000000001', '53:33:33:30:00:00:00:01', '5333333000000001'.toUpperCase()])('accepts %j', (name) => {
    expect(() => checkConfirmation(disk, name, 'FORMAT UNIT')).not.toThrow();
  });

  it('refuses no confirmation, naming the device and what would name it', () => {
    const e = (() => {
      try {
        checkConfirmation(disk, undefined, 'FORMAT UNIT');
      } catch (x) {
        return x as ConfirmationError;
      }
    })();
    expect(e).toBeInstanceOf(ConfirmationError);
    expect(e).toMatchObject({ code: 'ERR_CONFIRMATION_REQUIRED', reason: 'missing' });
    expect(e!.message).toMatch(/FORMAT UNIT destroys data.*serial 2000, WWN 5333333000000001/);
  });

  it('refuses another device\'s name and a device without names', () => {
    expect(() => checkConfirmation(disk, '2001', 'FORMAT UNIT')).toThrow(/'2001' does not name this device.*nothing was sent/);
    expect(() => checkConfirmation(disk, '', 'FORMAT UNIT')).toThrow(ConfirmationError);
    expect(() => checkConfirmation({ ...disk, serial: undefined, wwns: [] }, '2000', 'FORMAT UNIT')).toThrow(/neither a unit serial number nor a WWN/);
  });
});

describe('formatUnitFlow', () => {
  it('sends FORMAT UNIT with FMTDATA and a header with IMMED by default, as sg_format does', () => {
    const dry = dryRunExecutor();
    runFlowSync(dry, formatUnitFlow());
    expect(dry.planned).toEqual([{ command: 'FORMAT UNIT', cdb: new Uint8Array([0x04, 0x10, 0, 0, 0, 0]), dataLength: 4, direction: 'out' }]);
  });

  it('without immediate sends no parameter list; fmtpinfo and fast format go into the CDB', () => {
    const dry = dryRunExecutor();
    runFlowSync(dry, formatUnitFlow({ immediate: false, fmtpinfo: 2, fastFormat: 1 }));
    expect(hexOf(dry.planned[0]!.cdb)).toBe('048000000100');
    expect(() => runFlowSync(dry, formatUnitFlow({ fmtpinfo: 4 }))).toThrow(/0\.\.3/);
  });
});

describe('sanitizeFlow', () => {
  it('sends OVERWRITE with IMMED and its parameter list, the erases without one; AUSE and ZNR when asked', () => {
    const dry = dryRunExecutor();
    runFlowSync(dry, sanitizeFlow({ action: 'overwrite', overwrite: { pattern: new Uint8Array([0xa5, 0x5a]), count: 2, invert: true } }));
    runFlowSync(dry, sanitizeFlow({ action: 'blockErase', ause: true }));
    runFlowSync(dry, sanitizeFlow({ action: 'cryptographicErase', immediate: false, znr: true }));
    runFlowSync(dry, sanitizeFlow({ action: 'exitFailureMode' }));
    expect(dry.planned.map((p) => [hexOf(p.cdb), p.dataLength, p.direction])).toEqual([
      ['4881000000000000' + '0600', 6, 'out'],
      ['48a2000000000000' + '0000', 0, 'none'],
      ['4843000000000000' + '0000', 0, 'none'],
      ['489f000000000000' + '0000', 0, 'none'],
    ]);
  });

  it('refuses an overwrite without a pattern, a pattern with an erase, and an unknown action, before anything is sent', () => {
    const dry = dryRunExecutor();
    expect(() => runFlowSync(dry, sanitizeFlow({ action: 'overwrite' }))).toThrow(/needs its parameters/);
    expect(() => runFlowSync(dry, sanitizeFlow({ action: 'blockErase', overwrite: { pattern: new Uint8Array(1) } }))).toThrow(/only with action 'overwrite'/);
    expect(() => runFlowSync(dry, sanitizeFlow({ action: 'shred' as 'blockErase' }))).toThrow(/one of overwrite, blockErase/);
    expect(dry.planned).toEqual([]);
  });
});

describe('progressOf', () => {
  it('reads the progress indication of NOT READY, FORMAT IN PROGRESS; anything else means done', () => {
    const busy = encodeSense({ key: SenseKey.NOT_READY, asc: 0x04, ascq: 0x04 });
    busy[15] = 0x80; // SKSV
    busy[16] = 0x80; // progress 0x8000 / 65536
    expect(progressOf(decodeSense(busy))?.fraction).toBe(0.5);
    expect(progressOf(decodeSense(encodeSense({ key: SenseKey.NOT_READY, asc: 0x04, ascq: 0x04 })))).toMatchObject({ fraction: undefined });
    expect(progressOf(decodeSense(encodeSense({ key: SenseKey.NO_SENSE, asc: 0, ascq: 0 })))).toBeUndefined();
    expect(progressOf(undefined)).toBeUndefined();
  });
});

describe('downloadMicrocodeFlow', () => {
  it('sends mode 7 in chunks at increasing offsets, the last one short', () => {
    const dry = dryRunExecutor();
    const sent: number[] = [];
    runFlowSync(dry, downloadMicrocodeFlow(new Uint8Array(2500), { chunkSize: 1024, onProgress: (n) => sent.push(n) }));
    expect(dry.planned.map((p) => hexOf(p.cdb))).toEqual(['3b070000000000040000', '3b070000040000040000', '3b07000008000001c400']);
    expect(sent).toEqual([1024, 2048, 2500]);
  });

  it('sends mode 5 in one command; mode 0x0f activates', () => {
    const dry = dryRunExecutor();
    runFlowSync(dry, downloadMicrocodeFlow(new Uint8Array(5000), { mode: 0x05, bufferId: 1 }));
    runFlowSync(dry, activateMicrocodeFlow());
    expect(dry.planned.map((p) => hexOf(p.cdb))).toEqual(['3b050100000000138800', '3b0f0000000000000000']);
  });

  it('refuses other modes, an empty image and mode 5 with an offset', () => {
    const dry = dryRunExecutor();
    expect(() => runFlowSync(dry, downloadMicrocodeFlow(new Uint8Array(8), { mode: 4 as never }))).toThrow(/mode is 5, 7/);
    expect(() => runFlowSync(dry, downloadMicrocodeFlow(new Uint8Array(0)))).toThrow(/empty/);
    expect(() => runFlowSync(dry, downloadMicrocodeFlow(new Uint8Array(8), { mode: 0x05, offset: 4 }))).toThrow(/mode 5 has no buffer offset/);
    expect(dry.planned).toEqual([]);
  });
});
