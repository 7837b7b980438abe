/**
 * Host unit tests of the pure parts of execution: preparing commands,
 * mapping outcomes to errors, and the retry policy.
 */
import { HostStatus, SG_DXFER_FROM_DEV, SG_DXFER_NONE, SG_FLAG_DIRECT_IO, SG_FLAG_MMAP_IO, SG_FLAG_Q_AT_HEAD, SenseKey, encodeSense, inquiry, read16, testUnitReady } from '@sgio/struct';
import { addressOf, pageSize } from '@sgio/libc';
import { describe, expect, it } from 'vitest';
import { CheckConditionError, CommandTimeoutError, MiscompareError, ReservationConflictError, ScsiStatusError, TaskAbortedError, TransportError } from '../errors/scsi-errors.js';
import { TransferModeError } from '../errors/sgio-error.js';
import { errorFor } from './outcome.js';
import { prepareCommand } from './prepare.js';
import { CommandResult, type Completion } from './result.js';
import { RetryState } from './retry.js';

function fixedSense(key: number, asc: number, ascq: number): Uint8Array {
  return encodeSense({ key, asc, ascq });
}

function result(completion: Partial<Completion>, sense: Uint8Array = new Uint8Array(0)): CommandResult {
  return new CommandResult({
    command: 'TEST',
    cdb: new Uint8Array(6),
    completion: { status: 0, senseLength: sense.length, hostStatus: 0, driverStatus: 0, resid: 0, duration: 0, info: 0, ...completion },
    senseBytes: sense,
    requested: 512,
    data: undefined,
    elapsedMs: undefined,
    retries: [],
  });
}

describe('prepareCommand', () => {
  it('derives direction, length, flags and a page-aligned buffer for direct IO', () => {
    const c = prepareCommand({ definition: read16, fields: { lba: 8n, transferLength: 4 } }, { blockSize: 512, transfer: 'direct', queueAt: 'head' }, undefined);
    expect(c.dxferDirection).toBe(SG_DXFER_FROM_DEV);
    expect(c.length).toBe(2048);
    expect(c.flags).toBe(SG_FLAG_DIRECT_IO | SG_FLAG_Q_AT_HEAD);
    expect(c.data).toBeInstanceOf(Uint8Array);
    expect(c.data!.length).toBeGreaterThanOrEqual(2048);
    expect(addressOf(c.data!) % BigInt(pageSize())).toBe(0n);
    const tur = prepareCommand({ definition: testUnitReady }, {}, undefined);
    expect(tur.dxferDirection).toBe(SG_DXFER_NONE);
    expect(tur.length).toBe(0);
  });

  it('checks mmap IO before the driver would not: no mapping, too short a mapping, receive buffers', () => {
    const src = { definition: read16, fields: { lba: 0n, transferLength: 16 } };
    expect(() => prepareCommand(src, { transfer: 'mmap' }, undefined)).toThrow(TransferModeError);
    const short = (() => {
      try {
        prepareCommand(src, { transfer: 'mmap' }, 4096);
      } catch (e) {
        return e as TransferModeError;
      }
    })();
    expect(short?.code).toBe('ERR_MMAP_TOO_SHORT');
    const ok = prepareCommand(src, { transfer: 'mmap', receive: new Uint8Array(8192) }, 8192);
    expect(ok.flags & SG_FLAG_MMAP_IO).toBe(SG_FLAG_MMAP_IO);
    expect(ok.data).toBeUndefined();
    expect(ok.mmapTarget?.length).toBe(8192);
  });

  it('rejects bad options with messages that say what to pass', () => {
    expect(() => prepareCommand(new Uint8Array(3), {}, undefined)).toThrow(/6..260 bytes/);
    expect(() => prepareCommand({ definition: inquiry, fields: { allocationLength: 96 } }, { data: new Uint8Array(4) }, undefined)).toThrow(/options.receive/);
    expect(() => prepareCommand({ definition: testUnitReady }, { timeout: 0 }, undefined)).toThrow(/timeout/);
    expect(() => prepareCommand({ definition: testUnitReady }, { transfer: 'weird' as 'mmap' }, undefined)).toThrow(/unknown transfer mode/);
  });
});

describe('errorFor', () => {
  it('maps CHECK CONDITION to a typed error with the sense text, and RECOVERED ERROR to a warning', () => {
    const e = errorFor(result({ status: 2 }, fixedSense(SenseKey.MEDIUM_ERROR, 0x11, 0)), 1000);
    expect(e).toBeInstanceOf(CheckConditionError);
    expect((e as CheckConditionError).senseText).toMatch(/Unrecovered read error/i);
    const r = result({ status: 2 }, fixedSense(SenseKey.RECOVERED_ERROR, 0x5d, 0));
    expect(errorFor(r, 1000)).toBeUndefined();
    expect(r.warning?.senseKey).toBe(SenseKey.RECOVERED_ERROR);
  });

  it('maps BUSY / RESERVATION CONFLICT / TASK SET FULL / TASK ABORTED to status errors, DID_* to transport errors, timeouts to timeout errors', () => {
    for (const status of [0x08, 0x18, 0x28]) expect(errorFor(result({ status }), 1000)).toBeInstanceOf(ScsiStatusError);
    const conflict = errorFor(result({ status: 0x18 }), 1000);
    expect(conflict).toBeInstanceOf(ReservationConflictError);
    expect(conflict).toMatchObject({ code: 'ERR_SCSI_RESERVATION_CONFLICT', category: 24, status: 0x18 });
    expect(conflict!.message).toMatch(/RESERVATION CONFLICT.*sgio persist/);
    const aborted = errorFor(result({ status: 0x40 }), 1000);
    expect(aborted).toBeInstanceOf(TaskAbortedError);
    expect(aborted).toBeInstanceOf(ScsiStatusError);
    expect(aborted).toMatchObject({ code: 'ERR_SCSI_TASK_ABORTED', category: 29, status: 0x40 });
    expect(aborted!.message).toMatch(/another initiator reset the logical unit.*Send it again/);
    expect(errorFor(result({ hostStatus: 0x01 }), 1000)).toBeInstanceOf(TransportError);
    expect(errorFor(result({ hostStatus: HostStatus.DID_TIME_OUT }), 1000)).toBeInstanceOf(CommandTimeoutError);
    expect(errorFor(result({}), 1000)).toBeUndefined();
  });

  it('tells a zoned device user to write at the write pointer (UNALIGNED WRITE COMMAND)', () => {
    const e = errorFor(result({ status: 2 }, fixedSense(SenseKey.ILLEGAL_REQUEST, 0x21, 0x04)), 1000);
    expect(e).toBeInstanceOf(CheckConditionError);
    expect(e!.message).toMatch(/Unaligned write command.*write pointer.*sgio zones/);
  });

  it('maps sense key MISCOMPARE to a MiscompareError with the offset of the first differing byte', () => {
    const at = errorFor(result({ status: 2 }, encodeSense({ key: SenseKey.MISCOMPARE, asc: 0x1d, ascq: 0, information: 517 })), 1000);
    expect(at).toBeInstanceOf(MiscompareError);
    expect(at).toBeInstanceOf(CheckConditionError);
    expect(at).toMatchObject({ code: 'ERR_SCSI_MISCOMPARE', category: 14, offset: 517, asc: 0x1d });
    expect(at!.message).toMatch(/offset 517.*nothing was written/);
    const nowhere = errorFor(result({ status: 2 }, fixedSense(SenseKey.MISCOMPARE, 0x1d, 0)), 1000);
    expect(nowhere).toMatchObject({ code: 'ERR_SCSI_MISCOMPARE', offset: undefined });
    expect(nowhere!.message).toMatch(/did not say where/);
  });
});

describe('RetryState', () => {
  const ua = (): CheckConditionError => errorFor(result({ status: 2 }, fixedSense(SenseKey.UNIT_ATTENTION, 0x29, 0)), 1000) as CheckConditionError;
  const becoming = (): CheckConditionError => errorFor(result({ status: 2 }, fixedSense(SenseKey.NOT_READY, 0x04, 0x01)), 1000) as CheckConditionError;

  it('retries UNIT ATTENTION once by default and records it', () => {
    const r = new RetryState(undefined);
    expect(r.next(ua(), 1)).toBe(0);
    expect(r.next(ua(), 2)).toBe(-1);
    expect(r.records).toEqual([expect.objectContaining({ attempt: 1, reason: 'unit-attention' })]);
  });

  it('waits for "becoming ready" within its budget, and retries nothing with retry: false', () => {
    const r = new RetryState({ becomingReadyMs: 500, becomingReadyIntervalMs: 200 });
    expect([r.next(becoming(), 1), r.next(becoming(), 2), r.next(becoming(), 3), r.next(becoming(), 4)]).toEqual([200, 200, 100, -1]);
    expect(new RetryState(false).next(ua(), 1)).toBe(-1);
  });
});
