/**
 * The command ring on the host's kernel: entries reach the kernel in one
 * io_uring_enter, completions come back with their user data and announce
 * themselves on the eventfd. A URING_CMD to a pipe (no `uring_cmd` handler)
 * completes with EOPNOTSUPP, which is all this needs; SCSI commands through
 * the ring are proven in core's lab tests on a kernel whose bsg has a handler.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CommandRing, completionErrno, SQE } from './io-uring-command-ring.js';
import { IORING_OP_URING_CMD } from './io-uring-setup.js';
import { close, pipe } from './io.js';
import { pollOne } from './poll.js';
import { POLLIN } from './constants/index.js';

let ring: CommandRing | undefined;
let fds: number[] = [];
afterEach(() => {
  ring?.close();
  ring = undefined;
  for (const fd of fds) close(fd);
  fds = [];
});

describe('CommandRing', () => {
  it('submits a batch with one call and reaps each completion with its user data, announced on the eventfd', () => {
    ring = CommandRing.open({ entries: 8 });
    fds = pipe();
    for (let i = 0; i < 8; i++) expect(ring.prepare(fds[0]!, 100 + i)).toBeGreaterThanOrEqual(0);
    expect(ring.prepare(fds[0]!, 999), 'every entry is queued').toBe(-1);
    expect(ring.queued).toBe(8);
    expect(ring.submit()).toBe(8);
    expect(ring.queued).toBe(0);
    expect(pollOne(ring.eventFd, POLLIN, 2000) & POLLIN).toBe(POLLIN);
    ring.clearEvent();
    const got: [number, string | undefined][] = [];
    expect(ring.reap((userData, res) => got.push([userData, completionErrno(res)]))).toBe(8);
    expect(got.map(([u]) => u).sort()).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
    expect(new Set(got.map(([, e]) => e))).toEqual(new Set(['EOPNOTSUPP']));
    // reaped: the eventfd is quiet and the entries are free again
    expect(pollOne(ring.eventFd, POLLIN, 0)).toBe(0);
    expect(ring.reap(() => undefined)).toBe(0);
    expect(ring.prepare(fds[0]!, 1)).toBeGreaterThanOrEqual(0);
  });

  it('gives each completion to the sink once, even when the sink throws', () => {
    ring = CommandRing.open({ entries: 4 });
    fds = pipe();
    for (let i = 0; i < 3; i++) ring.prepare(fds[0]!, i);
    expect(ring.submit()).toBe(3);
    expect(pollOne(ring.eventFd, POLLIN, 2000) & POLLIN).toBe(POLLIN);
    const seen: number[] = [];
    expect(() =>
      ring!.reap((userData) => {
        seen.push(userData);
        throw new Error('sink failed');
      }),
    ).toThrow('sink failed');
    ring.reap((userData) => seen.push(userData));
    expect(seen.sort()).toEqual([0, 1, 2]);
    expect(ring.completionsWaiting).toBe(0);
  });

  it('hands out every entry zeroed but for opcode, fd and user data, whatever the last command left in it', () => {
    ring = CommandRing.open({ entries: 2 });
    fds = pipe();
    for (let round = 0; round < 4; round++) {
      // the last command's bytes (a FIXED flag, a buffer index, addresses) must not reach the next one
      const first = ring.prepare(fds[0]!, 7);
      const second = ring.prepare(fds[0]!, 8);
      for (const offset of [first, second]) {
        const entry = new Uint8Array(ring.sqes.buffer, ring.sqes.byteOffset + offset, 128);
        const expected = new Uint8Array(128);
        expected[SQE.opcode] = IORING_OP_URING_CMD;
        new DataView(expected.buffer).setInt32(SQE.fd, fds[0]!, true);
        new DataView(expected.buffer).setUint32(SQE.userData, offset === first ? 7 : 8, true);
        expect(entry).toEqual(expected);
        entry.fill(0xa5);
      }
      expect(ring.discardQueued()).toBe(2);
    }
  });

  it('withdraws the entries the kernel has not consumed: they never reach it, and the next ones do', () => {
    ring = CommandRing.open({ entries: 4 });
    fds = pipe();
    for (let i = 0; i < 4; i++) ring.prepare(fds[0]!, 10 + i);
    expect(ring.discardQueued()).toBe(4);
    expect(ring.queued).toBe(0);
    expect(ring.submit(), 'nothing is left to submit').toBe(0);
    expect(pollOne(ring.eventFd, POLLIN, 50), 'no completion for a withdrawn entry').toBe(0);
    // the withdrawn entries are free again; only the new one reaches the kernel
    for (let i = 0; i < 4; i++) expect(ring.prepare(fds[0]!, 20 + i)).toBeGreaterThanOrEqual(0);
    expect(ring.submit()).toBe(4);
    expect(ring.discardQueued(), 'consumed entries are not withdrawn').toBe(0);
    expect(pollOne(ring.eventFd, POLLIN, 2000) & POLLIN).toBe(POLLIN);
    const seen: number[] = [];
    ring.reap((userData) => seen.push(userData));
    expect(seen.sort()).toEqual([20, 21, 22, 23]);
  });

  it('registers buffers once, keeps them while the ring is open and lets them go at close', () => {
    ring = CommandRing.open({ entries: 2 });
    const buffers = [new Uint8Array(4096), new Uint8Array(65536)];
    ring.registerBuffers(buffers);
    expect(ring.registeredBuffers).toEqual(buffers);
    expect(ring.registeredBuffers[0]).toBe(buffers[0]);
    // the kernel takes one table per ring
    expect(() => ring!.registerBuffers([new Uint8Array(16)])).toThrow(expect.objectContaining({ code: 'EBUSY', syscall: 'io_uring_register' }));
    ring.close();
    expect(ring.registeredBuffers).toEqual([]);
  });

  it('refuses to register no buffer, an empty one or one over 1 GiB', () => {
    ring = CommandRing.open({ entries: 2 });
    expect(() => ring!.registerBuffers([])).toThrow(RangeError);
    expect(() => ring!.registerBuffers([new Uint8Array(8), new Uint8Array(0)])).toThrow(/buffer 1 has 0 bytes/);
    expect(ring.registeredBuffers).toEqual([]);
  });

  it('refuses an entry count that is not a power of two, and use after close', () => {
    expect(() => CommandRing.open({ entries: 3 })).toThrow(RangeError);
    ring = CommandRing.open({ entries: 2 });
    ring.close();
    expect(() => ring!.prepare(0, 0)).toThrow(/closed/);
    ring.close();
  });
});
