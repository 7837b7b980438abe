import * as libc from '@sgio/libc';
import * as struct from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import * as core from '../index.js';
import { CommandResult } from '../execute/result.js';
import { ERROR_TABLE, UNKNOWN_ERROR, describeError } from './error-table.js';

function result(status: number, hostStatus = 0, senseBytes: Uint8Array = new Uint8Array(0)): CommandResult {
  return new CommandResult({
    command: 'READ(16)',
    cdb: new Uint8Array(16),
    completion: { status, senseLength: senseBytes.length, hostStatus, driverStatus: 0, resid: 0, duration: 1, info: 0 },
    senseBytes,
    requested: 0,
    data: undefined,
    elapsedMs: 1,
    retries: [],
  });
}

function fixedSense(key: number, asc: number, ascq: number): Uint8Array {
  return struct.encodeSense({ key, asc, ascq });
}

const checkCondition = (key: number, asc: number, ascq: number): core.CheckConditionError => {
  const r = result(struct.ScsiStatus.CHECK_CONDITION, 0, fixedSense(key, asc, ascq));
  const sense = struct.decodeSense(r.senseBytes);
  return new core.CheckConditionError(r, sense, struct.classifySense(sense));
};

/**
 * One or more instances of every exported error class, with every code the
 * class can carry. A new exported error class without an entry here fails
 * the walk below: add its samples, and its codes to the error table.
 */
const SAMPLES: Record<string, () => readonly Error[]> = {
  // core
  SgioError: () => [new core.DeviceGoneError('/dev/sg0')],
  PackLoadError: () => [new core.PackLoadError('./nowhere.js', 'cannot import ./nowhere.js')],
  DeviceOpenError: () => (['missing', 'permission', 'regular-file', 'directory', 'block-device', 'char-device', 'not-sg', 'busy', 'bad-fd', 'fd-owned', 'other'] as const).map((k) => new core.DeviceOpenError(k, '/dev/sg0', 'x')),
  DeviceClosedError: () => [new core.DeviceClosedError('/dev/sg0', 'execute')],
  DeviceGoneError: () => [new core.DeviceGoneError('/dev/sg0')],
  CommandCanceledError: () => (['aborted', 'closed', 'device-gone'] as const).map((r) => new core.CommandCanceledError(r, 'READ(16)')),
  TransferModeError: () => ['ERR_TRANSFER_MODE', 'ERR_MMAP_NOT_MAPPED', 'ERR_MMAP_CLOSED', 'ERR_MMAP_TOO_SHORT', 'ERR_RESERVED_BUSY'].map((c) => new core.TransferModeError('x', c)),
  ReservedBufferBusyError: () => [new core.ReservedBufferBusyError('x')],
  TransportUnavailableError: () => [new core.TransportUnavailableError('x')],
  QueueFullError: () => [new core.QueueFullError('/dev/sg0')],
  RequestInKernelError: () => [new core.RequestInKernelError('READ(16)')],
  ScsiError: () => [new core.ScsiStatusError(result(struct.ScsiStatus.BUSY), struct.SenseCategory.BUSY)],
  CheckConditionError: () => [checkCondition(3, 0x11, 0)],
  ScsiStatusError: () => [new core.ScsiStatusError(result(struct.ScsiStatus.RESERVATION_CONFLICT), struct.SenseCategory.RESERVATION_CONFLICT)],
  ReservationConflictError: () => [new core.ReservationConflictError(result(struct.ScsiStatus.RESERVATION_CONFLICT))],
  TaskAbortedError: () => [new core.TaskAbortedError(result(struct.ScsiStatus.TASK_ABORTED))],
  MiscompareError: () => {
    const r = result(struct.ScsiStatus.CHECK_CONDITION, 0, fixedSense(struct.SenseKey.MISCOMPARE, 0x1d, 0));
    return [new core.MiscompareError(r, struct.decodeSense(r.senseBytes))];
  },
  TransportError: () => [new core.TransportError(result(0, struct.HostStatus.DID_ERROR))],
  CommandTimeoutError: () => [new core.CommandTimeoutError(result(0, struct.HostStatus.DID_TIME_OUT), 1000)],
  BlockRequestError: () => [new core.BlockRequestError('x')],
  ConfirmationError: () => (['missing', 'mismatch', 'unnamed'] as const).map((r) => new core.ConfirmationError(r, 'FORMAT UNIT', { vendor: 'V', product: 'P', serial: 'S1', wwns: ['5000c500a1b2c3d4'] }, 'S2')),
  ShortTransferError: () => [new core.ShortTransferError('READ(16)', 4096, 512)],
  ResponseDecodeError: () => [new core.ResponseDecodeError('INQUIRY', new Uint8Array(1), new struct.DecodeError('INQUIRY', 4, 'short'))],
  SelfTestError: () => (['ERR_SELF_TEST_FAILED', 'ERR_SELF_TEST_ABORTED', 'ERR_BAD_RESPONSE'] as const).map((c) => new core.SelfTestError(c, 'x')),
  ZonedWriteError: () => (['ERR_ZONE_NOT_AT_WRITE_POINTER', 'ERR_ZONE_NOT_EMPTY', 'ERR_ZONE_NOT_WRITABLE', 'ERR_ZONES_UNEVEN'] as const).map((c) => new core.ZonedWriteError(c, 'x')),
  // struct
  DecodeError: () => [new struct.DecodeError('INQUIRY', 4, 'short')],
  FieldRangeError: () => [new struct.FieldRangeError('READ(16)', 'lba', 'too big')],
  FieldTypeError: () => [new struct.FieldTypeError('READ(16)', 'lba', 'x'), new struct.FieldTypeError('READ(16)', 'lbx', 'x', 'EFIELD_UNKNOWN')],
  CommandConflictError: () => [new struct.CommandConflictError('x')],
  CommandEffectError: () => [new struct.CommandEffectError('x', 'X', 'pack', undefined)],
  DecoderConflictError: () => [new struct.DecoderConflictError('x')],
  SesElementSelectionError: () => [new struct.SesElementSelectionError('x')],
  // libc
  LibcError: () => ['ERR_ASYNC_CALL', 'ERR_ASYNC_SHUTDOWN', 'ERR_ASYNC_WORKER_EXIT', 'ERR_ASYNC_WORKER_START', 'ERR_ASYNC_ABORTED'].map((c) => new libc.LibcError(c, 'x')),
  SystemError: () =>
    ['EPERM', 'ENOENT', 'EACCES', 'EBUSY', 'ENODEV', 'ENXIO', 'EMSGSIZE', 'EAGAIN', 'EINTR', 'EDOM', 'ENOMEM', 'EINVAL', 'EFAULT', 'EBADF', 'ENOTTY', 'EIO', 'EISDIR'].map(
      (name) => new libc.SystemError(libc.errnoNumber(name)!, 'ioctl'),
    ),
  UnsupportedPlatformError: () => [new libc.UnsupportedPlatformError('mmap', 'darwin', 'arm64', 'not linux')],
  MappingClosedError: () => [new libc.MappingClosedError('read')],
  MappingPastEndError: () => [new libc.MappingPastEndError(10, 20)],
  InvalidArgumentError: () => [new libc.InvalidArgumentError('x')],
};

function errorClasses(mod: Record<string, unknown>): string[] {
  return Object.entries(mod)
    .filter(([, v]) => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Error)
    .map(([name]) => name);
}

describe('the error table', () => {
  it('has a row for every code of every exported error class of struct, libc and core', () => {
    const classes = [...errorClasses(core), ...errorClasses(struct), ...errorClasses(libc)];
    expect(classes.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const name of classes) {
      const samples = SAMPLES[name];
      if (samples === undefined) {
        missing.push(`${name}: no sample in SAMPLES`);
        continue;
      }
      for (const e of samples()) {
        const code = (e as { code?: unknown }).code;
        if (typeof code !== 'string' || !ERROR_TABLE.has(code)) missing.push(`${name}: code ${String(code)} not in ERROR_TABLE`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives the CLI exit status and the server problem of a few codes', () => {
    const cases: [Error, number, number, string][] = [
      [new struct.DecodeError('VPD page 0x83', 4, 'short'), 97, 502, 'device-malformed-data'],
      [new core.ResponseDecodeError('INQUIRY', new Uint8Array(1), new Error('short')), 97, 502, 'device-malformed-data'],
      [new core.DeviceOpenError('missing', '/dev/sg9', 'x'), 15, 410, 'device-gone'],
      [new core.DeviceOpenError('busy', '/dev/sg0', 'x'), 26, 503, 'device-busy'],
      [new core.DeviceOpenError('permission', '/dev/sg0', 'x'), 15, 500, 'device-open-failed'],
      [new core.CommandTimeoutError(result(0, struct.HostStatus.DID_TIME_OUT), 1000), 33, 504, 'command-timeout'],
      [new core.TransportError(result(0, struct.HostStatus.DID_NO_CONNECT)), 35, 502, 'transport-error'],
      [new core.CommandCanceledError('device-gone', 'READ(16)'), 35, 410, 'device-gone'],
      [new struct.FieldRangeError('READ(16)', 'lba', 'too big'), 1, 400, 'invalid-field'],
      [checkCondition(5, 0x21, 0), 22, 416, 'lba-out-of-range'],
      // sg_senddiag exits 3 when a foreground self-test fails (HARDWARE ERROR): a failed self-test does too, however it was found
      [new core.SelfTestError('ERR_SELF_TEST_FAILED', 'x'), 3, 502, 'self-test-failed'],
      [new core.SelfTestError('ERR_SELF_TEST_ABORTED', 'x'), 99, 409, 'self-test-aborted'],
      [new core.ZonedWriteError('ERR_ZONE_NOT_AT_WRITE_POINTER', 'x'), 5, 409, 'zoned-write-refused'],
      [new core.ZonedWriteError('ERR_ZONES_UNEVEN', 'x'), 1, 400, 'zoned-write-refused'],
      [checkCondition(2, 0x04, 0x01), 2, 503, 'device-not-ready'],
      [new core.ScsiStatusError(result(struct.ScsiStatus.RESERVATION_CONFLICT), struct.SenseCategory.RESERVATION_CONFLICT), 24, 409, 'reservation-conflict'],
      [new core.ReservationConflictError(result(struct.ScsiStatus.RESERVATION_CONFLICT)), 24, 409, 'reservation-conflict'],
      [new core.ScsiStatusError(result(struct.ScsiStatus.TASK_SET_FULL), struct.SenseCategory.TASK_SET_FULL), 27, 503, 'device-busy'], // sg_turs exits 27, not 26,
      // sg_lib's category 29 (SG_LIB_CAT_TASK_ABORTED); sg_dd folds it into 99
      [new core.TaskAbortedError(result(struct.ScsiStatus.TASK_ABORTED)), 29, 503, 'task-aborted'],
    ];
    for (const [error, exitStatus, httpStatus, slug] of cases) {
      expect(describeError(error), error.name).toMatchObject({ exitStatus, httpStatus, slug });
    }
  });

  it("maps the kernel's EPERM to a 403 that says what to do, and hides what an open failure says about the node", () => {
    const eperm = describeError(new libc.SystemError(libc.errnoNumber('EPERM')!, 'ioctl'));
    expect(eperm).toMatchObject({ httpStatus: 403, slug: 'command-not-permitted', exitStatus: 15, publicDetail: false });
    expect(eperm.remedy).toMatch(/read-only.*CAP_SYS_RAWIO.*--allow-write/);
    const open = describeError(new core.DeviceOpenError('permission', '/dev/sg0', 'Permission denied: /dev/sg0 (mode 660, owner uid 0, gid 6)'));
    expect(open).toMatchObject({ httpStatus: 500, slug: 'device-open-failed', publicDetail: false });
    expect(open.remedy).toMatch(/grant access/);
    expect(open.remedy).not.toMatch(/uid|gid|mode \d/);
  });

  it('takes retryable from the outcome for SCSI errors', () => {
    expect(describeError(checkCondition(6, 0x29, 0)).retryable).toBe(true);
    expect(describeError(checkCondition(3, 0x11, 0)).retryable).toBe(false);
    expect(describeError(new core.ScsiStatusError(result(struct.ScsiStatus.BUSY), struct.SenseCategory.BUSY)).retryable).toBe(true);
  });

  it('hides unknown errors and keeps the exit status of a bare category', () => {
    expect(describeError(new Error('x'))).toBe(UNKNOWN_ERROR);
    expect(describeError('x')).toBe(UNKNOWN_ERROR);
    expect(describeError({ category: 2 }).exitStatus).toBe(2);
    expect(UNKNOWN_ERROR).toMatchObject({ exitStatus: 99, httpStatus: 500, publicDetail: false });
  });
});
