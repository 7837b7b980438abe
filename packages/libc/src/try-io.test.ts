import { describe, expect, it } from 'vitest';
import { O_CLOEXEC, O_NONBLOCK } from './constants/index.js';
import { errnoNumber } from './errno.js';
import { close, pipe } from './io.js';
import { tryIoctlPointer, tryRead, tryWrite } from './try-io.js';

const errno = (name: string): number => errnoNumber(name) ?? Number.NaN;

describe('tryRead / tryWrite', () => {
  it('return byte counts, and -EAGAIN instead of throwing on an empty non-blocking pipe', () => {
    const [r, w] = pipe(O_CLOEXEC | O_NONBLOCK);
    const buf = new Uint8Array(8);
    expect(tryRead(r, buf)).toBe(-errno('EAGAIN'));
    expect(tryWrite(w, new TextEncoder().encode('abc'))).toBe(3);
    expect(tryRead(r, buf, 2)).toBe(2);
    expect(new TextDecoder().decode(buf.subarray(0, 2))).toBe('ab');
    expect(tryRead(r, buf)).toBe(1);
    close(w);
    expect(tryRead(r, buf)).toBe(0); // end of file
    close(r);
  });

  it('return -EBADF for a closed descriptor and still check their arguments', () => {
    const [r, w] = pipe();
    close(r);
    close(w);
    expect(tryRead(r, new Uint8Array(1))).toBe(-errno('EBADF'));
    expect(tryWrite(w, new Uint8Array(1))).toBe(-errno('EBADF'));
    expect(() => tryRead(0, new Uint8Array(1), 2)).toThrow(/length 2/);
  });

  it('tryIoctlPointer returns -ENOTTY for an ioctl a pipe does not know, and -EBADF for a closed fd', () => {
    const [r, w] = pipe();
    const hdr = new Uint8Array(88);
    expect(tryIoctlPointer(r, 0x2285 /* SG_IO */, hdr)).toBe(-errno('ENOTTY'));
    close(r);
    close(w);
    expect(tryIoctlPointer(r, 0x2285, hdr)).toBe(-errno('EBADF'));
  });
});
