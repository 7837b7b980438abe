import { closeSync, fstatSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipe, close as closeFd } from '@sgio/libc';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from '../errors/error-table.js';
import { DeviceOpenError } from '../errors/sgio-error.js';
import { SgDevice } from './sg-device.js';

const dir = mkdtempSync(join(tmpdir(), 'sgio-from-fd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error SgDevice.fromFd(fd) throws; fails the test when it throws none. */
function refusal(fd: unknown, options?: Parameters<typeof SgDevice.fromFd>[1]): DeviceOpenError {
  try {
    const dev = SgDevice.fromFd(fd as number, options);
    void dev.close();
  } catch (e) {
    expect(e).toBeInstanceOf(DeviceOpenError);
    return e as DeviceOpenError;
  }
  throw new Error(`SgDevice.fromFd(${String(fd)}) did not throw`);
}

/** Runs `body` with `fd` open and closes it afterwards; fromFd must have left it open. */
function withFd(fd: number, body: (fd: number) => void): void {
  try {
    body(fd);
    expect(() => fstatSync(fd), 'fromFd left the caller its fd').not.toThrow();
  } finally {
    closeSync(fd);
  }
}

describe('SgDevice.fromFd refuses what is not an sg device, and leaves the fd to the caller', () => {
  it('a regular file: ENOTSG, named by its /proc/self/fd link', () => {
    const file = join(dir, 'plain');
    writeFileSync(file, 'not a device');
    withFd(openSync(file, 'r+'), (fd) => {
      for (const close of [true, false]) {
        const e = refusal(fd, { close });
        expect(e).toMatchObject({ kind: 'regular-file', code: 'ENOTSG', path: file });
        expect(e.message).toContain(`fd ${fd} (${file}) is a regular file, not an sg device`);
        expect(e.message).toMatch(/Pass the number of an open \/dev\/sgN descriptor/);
      }
    });
  });

  it('/dev/null: a character device of another driver (1:3), ENOTSG', () => {
    withFd(openSync('/dev/null', 'r+'), (fd) => {
      const e = refusal(fd);
      expect(e).toMatchObject({ kind: 'char-device', code: 'ENOTSG', path: '/dev/null' });
      expect(e.message).toContain('is a character device (1:3) of another driver, not an sg device (major 21)');
    });
  });

  it('a directory and a pipe: ENOTSG with what they are', () => {
    withFd(openSync(dir, 'r'), (fd) => {
      expect(refusal(fd)).toMatchObject({ kind: 'directory', code: 'ENOTSG', path: dir });
    });
    const [r, w] = pipe();
    try {
      const e = refusal(r);
      expect(e).toMatchObject({ kind: 'not-sg', code: 'ENOTSG' });
      expect(e.path).toMatch(/^pipe:\[\d+\]$/);
      expect(e.message).toContain('is not a device node');
    } finally {
      closeFd(r);
      closeFd(w);
    }
  });

  it('a closed fd: EBADF, and the message says how a child gets one', () => {
    const fd = openSync('/dev/null', 'r');
    closeSync(fd);
    const e = refusal(fd);
    expect(e).toMatchObject({ kind: 'bad-fd', code: 'EBADF', path: `fd ${fd}` });
    expect(e.message).toMatch(/is not an open file descriptor of this process \(EBADF\)/);
    expect(e.message).toMatch(/spawn's stdio array/);
    expect(e.cause).toMatchObject({ code: 'EBADF' });
  });

  it('a negative, fractional or non-number fd: EBADF before any system call', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3', undefined]) {
      const e = refusal(bad);
      expect(e, String(bad)).toMatchObject({ kind: 'bad-fd', code: 'EBADF' });
      expect(e.message).toMatch(/a file descriptor is a non-negative integer, got /);
    }
    expect(refusal(-1).message).toContain('got -1');
    expect(refusal('3').message).toContain('got string "3"');
  });

  it('every code it throws has a row in the error table', () => {
    for (const code of ['EBADF', 'ENOTSG', 'ERR_FD_OWNED', 'EOPEN']) {
      expect(describeError({ code }).code, code).toBe(code);
    }
  });
});
