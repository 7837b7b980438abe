import { CommandCanceledError, CommandResult, CommandTimeoutError, DeviceGoneError, DeviceOpenError, ScsiStatusError, ShortTransferError, TransportError } from '@sgio/core';
import { DecodeError, FieldRangeError } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { checkCondition } from '../test-support/fake-devices.js';
import { toProblem } from './problem.js';
import { ProblemError } from './problem-error.js';
import { WriteStoppedError } from './write-stopped.js';

function result(status: number, hostStatus = 0): CommandResult {
  return new CommandResult({
    command: 'READ(16)',
    cdb: new Uint8Array(16),
    completion: { status, senseLength: 0, hostStatus, driverStatus: 0, resid: 0, duration: 1, info: 0 },
    senseBytes: new Uint8Array(0),
    requested: 0,
    data: undefined,
    elapsedMs: 1,
    retries: [],
  });
}

describe('SCSI errors to HTTP', () => {
  it.each([
    ['not ready', 2, 0x04, 0x00, 503, 'device-not-ready'],
    ['unit attention', 6, 0x29, 0x00, 503, 'unit-attention'],
    ['invalid field in CDB', 5, 0x24, 0x00, 422, 'illegal-request'],
    ['invalid opcode', 5, 0x20, 0x00, 422, 'invalid-opcode'],
    ['LBA out of range', 5, 0x21, 0x00, 416, 'lba-out-of-range'],
    ['medium error', 3, 0x11, 0x00, 502, 'medium-error'],
    ['hardware error', 4, 0x44, 0x00, 502, 'medium-error'],
    ['write protected', 7, 0x27, 0x00, 409, 'data-protect'],
    ['aborted command', 0xb, 0x47, 0x00, 503, 'aborted-command'],
    ['miscompare', 0xe, 0x1d, 0x00, 409, 'miscompare'],
  ])('%s → %i', (_what, key, asc, ascq, status, slug) => {
    const p = toProblem(checkCondition(key, asc, ascq));
    expect(p.body).toMatchObject({ status, type: `https://sgio.dev/problems/${slug}`, command: 'READ(16)', sense: { key, asc, ascq } });
    expect((p.body.sense as { hex: string }).hex).toMatch(/^70/);
  });

  it('maps statuses, timeouts, transport failures and gone devices', () => {
    expect(toProblem(new ScsiStatusError(result(0x18), 0)).body.status).toBe(409);
    expect(toProblem(new ScsiStatusError(result(0x08), 0)).body.status).toBe(503);
    expect(toProblem(new CommandTimeoutError(result(0), 1000)).body.status).toBe(504);
    expect(toProblem(new TransportError(result(0, 1))).body.status).toBe(502);
    expect(toProblem(new DeviceGoneError('/dev/sg0')).body.status).toBe(410);
    expect(toProblem(new CommandCanceledError('closed', 'READ(16)')).body.status).toBe(503);
    expect(toProblem(new ShortTransferError('Read(16)', 4096, 512)).body).toMatchObject({ status: 502, type: 'https://sgio.dev/problems/short-transfer' });
  });

  it('maps through core\'s error table: a malformed device page is a 502, not a 500', () => {
    expect(toProblem(new DecodeError('VPD page 0x83', 4, 'designation descriptor runs past the page')).body).toMatchObject({
      status: 502,
      type: 'https://sgio.dev/problems/device-malformed-data',
      title: 'Device sent malformed data',
    });
    expect(toProblem(new DeviceOpenError('busy', '/dev/sg0', 'busy')).body).toMatchObject({ status: 503, type: 'https://sgio.dev/problems/device-busy' });
    expect(toProblem(new FieldRangeError('READ(16)', 'lba', 'too big')).body.status).toBe(400);
  });

  it("does not tell a client the node's mode, uid and gid, and says what to do", () => {
    const open = toProblem(new DeviceOpenError('permission', '/dev/sg0', 'Permission denied: /dev/sg0 (mode 660, owner uid 0, gid 6) needs read access for SCSI commands.'));
    expect(open.body).toMatchObject({ status: 500, type: 'https://sgio.dev/problems/device-open-failed' });
    expect(open.body.detail).not.toMatch(/mode 660|uid|gid/);
    expect(open.body.detail).toMatch(/grant access/);
  });

  it("turns the kernel's EPERM (its opcode filter) into a 403 that says what to do", () => {
    // what libc's SystemError carries (the lab test gets the real one from the kernel)
    const p = toProblem(Object.assign(new Error('EPERM: operation not permitted, ioctl 0x2285 (fd 17)'), { code: 'EPERM', errno: 1, syscall: 'ioctl' }));
    expect(p.body).toMatchObject({ status: 403, type: 'https://sgio.dev/problems/command-not-permitted' });
    expect(p.body.detail).toMatch(/--allow-write/);
    expect(p.body.detail).not.toMatch(/fd \d/);
  });

  it('says how many blocks a write that stopped part-way wrote, keeping the problem of its cause', () => {
    const p = toProblem(new WriteStoppedError(new ProblemError(408, 'body-timeout', 'Body too slow', 'The body was slow.'), 100n, 256, 256 * 512));
    expect(p.body).toMatchObject({ status: 408, type: 'https://sgio.dev/problems/body-timeout', lba: '100', blocksWritten: 256, bytesWritten: 131072 });
    expect(p.body.detail).toBe('The body was slow. The write stopped after 256 blocks: blocks 100..355 were written, the rest were not.');
    expect(p.headers.connection).toBe('close');
    const device = toProblem(new WriteStoppedError(new CommandTimeoutError(result(0), 1000), 8n, 0, 0));
    expect(device.body).toMatchObject({ status: 504, blocksWritten: 0 });
    expect(device.body.detail).toMatch(/Nothing was written\.$/);
  });

  it('passes ProblemErrors through and hides unknown errors', () => {
    const p = toProblem(new ProblemError(418, 'teapot', 'Teapot', 'short and stout', { extensions: { x: 1 }, headers: { a: 'b' } }));
    expect(p).toEqual({ body: { type: 'https://sgio.dev/problems/teapot', title: 'Teapot', status: 418, detail: 'short and stout', x: 1 }, headers: { a: 'b' } });
    const hidden = toProblem(new Error('secret internals at /etc/x'));
    expect(hidden.body.status).toBe(500);
    expect(hidden.body.detail).not.toMatch(/secret/);
  });
});
