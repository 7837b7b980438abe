import { describe, expect, it } from 'vitest';
import { LibcError, MappingClosedError, SystemError, UnsupportedPlatformError } from './errors.js';

describe('SystemError', () => {
  it('looks like a Node system error', () => {
    const e = new SystemError(2, 'open', { path: '/dev/sg9' });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(LibcError);
    expect(e.name).toBe('SystemError');
    expect(e).toMatchObject({ code: 'ENOENT', errno: 2, syscall: 'open', path: '/dev/sg9' });
    expect(e.message).toMatch(/^ENOENT: no such file or directory, open '\/dev\/sg9'\. The device node does not exist/);
    expect(Object.keys(e)).not.toContain('fd');
  });

  it('explains the common causes', () => {
    expect(new SystemError(13, 'open', { path: '/dev/sg0' }).hint).toMatch(/permission.*group/i);
    expect(new SystemError(16, 'ioctl', { fd: 3, request: 0x2275 }).message).toMatch(/ioctl 0x2275.*SG_SET_RESERVED_SIZE fails after any mmap/);
    expect(new SystemError(12, 'mmap', { fd: 3 }).hint).toMatch(/reserved buffer/);
    expect(new SystemError(22, 'msync').hint).toMatch(/exactly one of MS_SYNC or MS_ASYNC/);
    expect(new SystemError(13, 'mmap').hint).toMatch(/O_RDWR/);
    expect(new SystemError(9, 'read', { fd: -1 }).hint).toMatch(/negative/);
  });

  it('other family members carry stable codes', () => {
    expect(new MappingClosedError('sync').code).toBe('ERR_MAPPING_CLOSED');
    const u = new UnsupportedPlatformError('open', 'darwin', 'arm64', 'not Linux');
    expect(u.code).toBe('ERR_UNSUPPORTED_PLATFORM');
    expect(u.message).toMatch(/unsupported platform/);
  });
});
