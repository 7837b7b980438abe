import { describe, expect, it } from 'vitest';
import { close, open, pipe, write } from './io.js';
import { ioctl, ioctlGetInt, ioctlInt, ioctlPointer, ioctlSetInt } from './ioctl.js';
import { tempFile } from './test-support/helpers.js';

const FIONREAD = 0x541b; // int *: bytes available
const FIONBIO = 0x5421; // int *: set non-blocking
const FS_IOC_GETFLAGS = 0x80086601; // a request above 0x7fffffff

describe('ioctl', () => {
  it('pointer to int: FIONREAD counts the bytes in a pipe', () => {
    const [r, w] = pipe();
    expect(ioctlGetInt(r, FIONREAD)).toBe(0);
    write(w, Buffer.from('12345'));
    expect(ioctlGetInt(r, FIONREAD)).toBe(5);
    expect(ioctlSetInt(r, FIONBIO, 1)).toBe(1);
    const cell = new Int32Array(1);
    expect(ioctlPointer(r, FIONREAD, cell)).toBe(0);
    expect(cell[0]).toBe(5);
    expect(ioctl(r, FIONREAD, Buffer.alloc(4))).toBe(0);
    close(r);
    close(w);
  });

  it('ENOTTY for a request the file does not know, with the request in the message', () => {
    const fd = open(tempFile('x'));
    expect(() => ioctlInt(fd, 0x1234, 0)).toThrow(expect.objectContaining({ code: 'ENOTTY', syscall: 'ioctl', request: 0x1234 }));
    expect(() => ioctlGetInt(fd, FIONREAD + 0x100)).toThrow(/ENOTTY: inappropriate ioctl for device, ioctl 0x551b/);
    close(fd);
  });

  it('accepts unsigned 32-bit request codes up to 0xFFFFFFFF (and their signed spelling)', () => {
    const [r, w] = pipe();
    // A pipe does not implement FS_IOC_GETFLAGS: the kernel sees the full code and says ENOTTY.
    expect(() => ioctlPointer(r, FS_IOC_GETFLAGS, Buffer.alloc(8))).toThrow(expect.objectContaining({ code: 'ENOTTY', request: FS_IOC_GETFLAGS }));
    expect(() => ioctlPointer(r, FS_IOC_GETFLAGS | 0, Buffer.alloc(8))).toThrow(expect.objectContaining({ request: FS_IOC_GETFLAGS }));
    expect(() => ioctl(r, 0xffffffff, 0)).toThrow(expect.objectContaining({ code: 'ENOTTY', request: 0xffffffff }));
    expect(() => ioctl(r, 0x1_0000_0000, 0)).toThrow(/not a 32-bit request code/);
    close(r);
    close(w);
  });

  it('EBADF on a closed descriptor', () => {
    expect(() => ioctlGetInt(99999, FIONREAD)).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });
});
