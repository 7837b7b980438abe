import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { F_GETFD, F_GETFL, F_SETFL, FD_CLOEXEC, O_CLOEXEC, O_CREAT, O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY } from './constants/index.js';
import { SystemError } from './errors.js';
import { close, fcntl, open, pipe, pread, pwrite, read, write } from './io.js';
import { tempDir, tempFile } from './test-support/helpers.js';
import { getpid, pageSize } from './system.js';

describe('file descriptor calls', () => {
  it('open, write, read, pread, pwrite, close on a real file', () => {
    const path = `${tempDir()}/f.bin`;
    const fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(write(fd, Buffer.from('hello world'))).toBe(11);
    expect(pwrite(fd, new TextEncoder().encode('J'), 6)).toBe(1);
    const buf = Buffer.alloc(5);
    expect(pread(fd, buf, 6)).toBe(5);
    expect(buf.toString()).toBe('Jorld');
    expect(pread(fd, buf, 0n, 3)).toBe(3);
    expect(buf.subarray(0, 3).toString()).toBe('hel');
    expect(read(fd, buf)).toBe(0); // at end of file
    close(fd);
    expect(readFileSync(path, 'utf8')).toBe('hello Jorld');
  });

  it('reads into a subarray at its offset and never past the buffer', () => {
    const fd = open(tempFile('abcdef'));
    const buf = Buffer.alloc(8, 0x2e);
    expect(read(fd, buf.subarray(2), 3)).toBe(3);
    expect(buf.toString()).toBe('..abc...');
    expect(() => read(fd, buf, 9)).toThrow(/length 9 is not an integer between 0 and the buffer size 8/);
    close(fd);
  });

  it('fails with typed errors: ENOENT with the path, EBADF', () => {
    const e = (() => {
      try {
        open('/nonexistent/dir/x', O_RDONLY);
      } catch (err) {
        return err as SystemError;
      }
    })();
    expect(e).toBeInstanceOf(SystemError);
    expect(e).toMatchObject({ code: 'ENOENT', errno: 2, syscall: 'open', path: '/nonexistent/dir/x' });
    expect(() => close(987654)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'close', fd: 987654 }));
    expect(() => read(987654, Buffer.alloc(1))).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'read' }));
    const path = tempFile('x');
    const ro = open(path, O_RDONLY);
    expect(() => write(ro, Buffer.from('y'))).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'write' }));
    close(ro);
    const wo = open(path, O_WRONLY);
    expect(() => read(wo, Buffer.alloc(1))).toThrow(expect.objectContaining({ code: 'EBADF' }));
    close(wo);
  });

  it('fcntl reads and sets flags; pipe gives two ends', () => {
    const [r, w] = pipe();
    expect(fcntl(r, F_GETFD) & FD_CLOEXEC).toBe(FD_CLOEXEC);
    fcntl(r, F_SETFL, fcntl(r, F_GETFL) | O_NONBLOCK);
    expect(fcntl(r, F_GETFL) & O_NONBLOCK).toBe(O_NONBLOCK);
    expect(() => read(r, Buffer.alloc(4))).toThrow(expect.objectContaining({ code: 'EAGAIN', hint: expect.stringMatching(/poll/) }));
    write(w, Buffer.from('ok'));
    const b = Buffer.alloc(4);
    expect(read(r, b)).toBe(2);
    close(r);
    close(w);
  });

  it('sysconf page size and getpid', () => {
    expect([4096, 16384, 65536]).toContain(pageSize());
    expect(getpid()).toBe(process.pid);
  });
});

describe('memory arguments', () => {
  it('accept a DataView, an ArrayBuffer and typed arrays of any element size', () => {
    const fd = open(tempFile('0123456789abcdef'));
    const dv = new DataView(new ArrayBuffer(8), 2);
    expect(pread(fd, dv, 0)).toBe(6);
    expect(Buffer.from(dv.buffer).toString('latin1', 2)).toBe('012345');
    const ab = new ArrayBuffer(4);
    expect(pread(fd, ab, 4)).toBe(4);
    expect(Buffer.from(ab).toString()).toBe('4567');
    const u32 = new Uint32Array(2);
    expect(pread(fd, u32, 8)).toBe(8);
    expect(Buffer.from(u32.buffer).toString()).toBe('89abcdef');
    close(fd);
  });
});
