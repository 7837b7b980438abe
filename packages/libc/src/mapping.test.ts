import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MADV_DONTNEED,
  MADV_SEQUENTIAL,
  MAP_ANONYMOUS,
  MAP_FIXED_NOREPLACE,
  MAP_PRIVATE,
  MAP_SHARED,
  MS_ASYNC,
  MS_INVALIDATE,
  MS_SYNC,
  O_RDONLY,
  O_RDWR,
  PROT_NONE,
  PROT_READ,
  PROT_WRITE,
} from './constants/index.js';
import { MappingClosedError, MappingPastEndError, SystemError } from './errors.js';
import { close, open, pread } from './io.js';
import { mmap } from './mapping.js';
import * as raw from './mmap.js';
import { pageSize } from './system.js';
import { fixture, mapsLineAt, mapsLines, openFds, runFixture, tempFile } from './test-support/helpers.js';

const PAGE = pageSize();

function caught(fn: () => unknown): SystemError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SystemError) return e;
    throw e;
  }
  throw new Error('expected a SystemError');
}

describe('MAP_SHARED on a file', () => {
  it('is real IPC: an unrelated Node process sees our writes and we see its writes, with no read/write calls', async () => {
    const path = tempFile(Buffer.alloc(2 * PAGE));
    const fd = open(path, O_RDWR);
    using m = mmap({ fd, length: 2 * PAGE, flags: MAP_SHARED });
    close(fd);
    const child = spawn(process.execPath, [fixture('shared-peer.mjs'), path, String(2 * PAGE)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const message = 'hello through shared memory';
    const v = m.view;
    v.set(Buffer.from(message, 'latin1'), 2);
    v[1] = message.length;
    v[0] = 0x42; // the signal the peer waits for
    const deadline = Date.now() + 20_000;
    while (v[4096] === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(await exited, stderr).toBe(0);
    const reply = Buffer.from(v.subarray(4097, 4097 + (v[4096] ?? 0))).toString('latin1');
    expect(reply).toBe(`pid ${child.pid} saw: ${message}`);
  }, 30_000);

  it('msync(MS_SYNC) makes the data visible through a separate descriptor and after close', () => {
    const path = tempFile(Buffer.alloc(PAGE * 3));
    const fd = open(path, O_RDWR);
    const m = mmap({ fd, length: PAGE * 3 });
    Buffer.from(m.view.buffer).write('synced', PAGE);
    m.sync({ offset: PAGE, length: PAGE });
    const other = open(path, O_RDONLY);
    const b = Buffer.alloc(6);
    pread(other, b, PAGE);
    expect(b.toString()).toBe('synced');
    Buffer.from(m.view.buffer).write('last', 0);
    m.sync({ async: true }); // MS_ASYNC
    m.sync({ invalidate: true }); // MS_SYNC | MS_INVALIDATE
    m.sync({ flags: MS_ASYNC | MS_INVALIDATE });
    m.close();
    close(fd);
    close(other);
    const after = readFileSync(path);
    expect(after.subarray(0, 4).toString()).toBe('last');
    expect(after.subarray(PAGE, PAGE + 6).toString()).toBe('synced');
  });

  it('mapping at a file offset shows that part of the file', () => {
    const content = Buffer.alloc(PAGE * 2);
    content.write('second page', PAGE);
    const fd = open(tempFile(content));
    using m = mmap({ fd, length: PAGE, offset: PAGE, prot: PROT_READ, flags: MAP_SHARED });
    expect(Buffer.from(m.view.subarray(0, 11)).toString()).toBe('second page');
    close(fd);
  });
});

describe('MAP_PRIVATE', () => {
  it('writes are private copies: not in the file, not in another mapping', () => {
    const path = tempFile(Buffer.alloc(PAGE, 0x61));
    const fd = open(path, O_RDWR);
    using priv = mmap({ fd, length: PAGE, flags: MAP_PRIVATE });
    using shared = mmap({ fd, length: PAGE, flags: MAP_SHARED });
    priv.view.fill(0x7a, 0, 10);
    priv.sync();
    expect(priv.view[0]).toBe(0x7a);
    expect(shared.view[0]).toBe(0x61);
    expect(readFileSync(path)[0]).toBe(0x61);
    // the other direction: a shared write shows through untouched private pages only
    shared.view[100] = 0x62;
    expect(readFileSync(path)[100]).toBe(0x62);
    close(fd);
  });
});

describe('anonymous memory', () => {
  it('MAP_SHARED | MAP_ANONYMOUS and a /dev/zero mapping behave alike', () => {
    const zfd = open('/dev/zero', O_RDWR);
    const anon = mmap({ length: 2 * PAGE, flags: MAP_SHARED | MAP_ANONYMOUS });
    const zero = mmap({ fd: zfd, length: 2 * PAGE, flags: MAP_SHARED });
    close(zfd);
    for (const m of [anon, zero]) {
      expect(m.residency()).toEqual([false, false]);
      m.view.fill(5, 0, PAGE);
      expect(m.residency()).toEqual([true, false]);
      expect(m.view.subarray(PAGE).every((b) => b === 0)).toBe(true);
      // shared memory keeps its contents through MADV_DONTNEED (unlike private memory)
      m.advise(MADV_DONTNEED);
      expect(m.view[0]).toBe(5);
      m.sync();
      // both are shmem in the kernel's eyes: /proc/self/maps shows a shared mapping
      expect(mapsLineAt(m.address)).toMatch(/ rw-s /);
    }
    expect(mapsLineAt(zero.address)).toMatch(/\/dev\/zero/);
    anon.close();
    zero.close();
  });

  it('MADV_DONTNEED on a private anonymous mapping reads back zeros', () => {
    using m = mmap({ length: 4 * PAGE, flags: MAP_PRIVATE });
    m.view.fill(0xff);
    m.advise(MADV_DONTNEED, { offset: PAGE, length: 2 * PAGE });
    expect(m.view[0]).toBe(0xff);
    expect(m.view.subarray(PAGE, 3 * PAGE).every((b) => b === 0)).toBe(true);
    expect(m.view[3 * PAGE]).toBe(0xff);
    m.advise(MADV_SEQUENTIAL);
  });

  it('mincore reports the pages touched', () => {
    using m = mmap({ length: 4 * PAGE, flags: MAP_PRIVATE });
    expect(m.residency()).toEqual([false, false, false, false]);
    m.view[0] = 1;
    m.view[2 * PAGE + 7] = 1;
    expect(m.residency()).toEqual([true, false, true, false]);
    expect(m.residency({ offset: 2 * PAGE, length: 1 })).toEqual([true]);
  });

  it('mprotect changes the protection the kernel enforces', () => {
    using m = mmap({ length: 2 * PAGE, flags: MAP_PRIVATE });
    m.view[0] = 1;
    m.protect(PROT_READ, { offset: PAGE, length: PAGE });
    expect(mapsLines().filter((l) => l.includes(` r--p `)).length).toBeGreaterThan(0);
    expect(mapsLineAt(m.address + BigInt(PAGE))).toMatch(/ r--p /);
    expect(mapsLineAt(m.address)).toMatch(/ rw-p /);
    m.protect(PROT_READ | PROT_WRITE);
    m.view[PAGE] = 2;
    expect(m.prot).toBe(PROT_READ | PROT_WRITE);
  });

  it('mlock / munlock', () => {
    using m = mmap({ length: PAGE, flags: MAP_PRIVATE });
    m.lock();
    expect(m.residency()).toEqual([true]);
    m.unlock();
  });

  it('mremap grows a mapping and keeps its contents', () => {
    // Reserve 4 pages, map our one page at the start of the reservation, and
    // free the 3 pages behind it just before the remap: growing in place must
    // then succeed (a live view forbids moving), and the byte written before
    // must read back through the new view.
    const reserved = raw.mmap(0n, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    raw.munmap(reserved, PAGE);
    const m = mmap({ length: PAGE, flags: MAP_PRIVATE | MAP_FIXED_NOREPLACE, address: reserved });
    expect(m.address).toBe(reserved);
    m.view[10] = 99; // creates a view: the mapping can then only grow in place
    raw.munmap(reserved + BigInt(PAGE), 3 * PAGE);
    m.remap(4 * PAGE);
    expect(m.address).toBe(reserved);
    expect(m.view.length).toBe(4 * PAGE);
    expect(m.view[10]).toBe(99);
    m.view[3 * PAGE] = 7;
    expect(mapsLineAt(m.address + BigInt(3 * PAGE))).toMatch(/ rw-p /);
    m.close();

    // With the next page taken and a live view, growing fails with ENOMEM and says why.
    const pair = raw.mmap(0n, 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    raw.munmap(pair, PAGE);
    const blocked = mmap({ length: PAGE, flags: MAP_PRIVATE | MAP_FIXED_NOREPLACE, address: pair });
    blocked.view[0] = 5;
    expect(caught(() => blocked.remap(2 * PAGE))).toMatchObject({ code: 'ENOMEM', syscall: 'mremap', hint: expect.stringMatching(/views/) });
    expect([blocked.address, blocked.view.length, blocked.view[0]]).toEqual([pair, PAGE, 5]);
    blocked.close();
    raw.munmap(pair + BigInt(PAGE), PAGE);

    // Without views the kernel may move it.
    const n = mmap({ length: PAGE, flags: MAP_PRIVATE });
    raw.mprotect(n.address, PAGE, PROT_READ | PROT_WRITE); // just a raw call on the live range
    n.remap(64 * PAGE);
    expect(n.length).toBe(64 * PAGE);
    n.view[63 * PAGE] = 1;
    expect(mapsLineAt(n.address + BigInt(63 * PAGE))).toBeDefined();
    expect(n.view[63 * PAGE]).toBe(1);
    // a live view pins the size: shrinking would leave it pointing past the end
    expect(() => n.remap(2 * PAGE)).toThrow(/cannot shrink while views/);
    n.close();
    // shrinking without views
    const o = mmap({ length: 8 * PAGE, flags: MAP_PRIVATE });
    o.remap(2 * PAGE);
    expect(o.view.length).toBe(2 * PAGE);
    o.close();
  });
});

describe('documented failures surface as typed errors', () => {
  it('EINVAL from the kernel: both MS_SYNC and MS_ASYNC, unaligned address, offset not a page multiple, length 0', () => {
    using m = mmap({ length: 2 * PAGE });
    expect(caught(() => raw.msync(m.address, PAGE, MS_SYNC | MS_ASYNC))).toMatchObject({ code: 'EINVAL', errno: 22, syscall: 'msync', beforeCall: false });
    expect(caught(() => raw.msync(m.address + 1n, PAGE, MS_SYNC))).toMatchObject({ code: 'EINVAL', syscall: 'msync' });
    expect(caught(() => raw.mmap(0n, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100))).toMatchObject({ code: 'EINVAL', syscall: 'mmap' });
    expect(caught(() => raw.mmap(0n, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))).toMatchObject({ code: 'EINVAL', syscall: 'mmap' });
    expect(caught(() => raw.madvise(m.address + 1n, PAGE, MADV_DONTNEED))).toMatchObject({ code: 'EINVAL', syscall: 'madvise' });
  });

  it('the same mistakes are refused before the call, saying what was wrong', () => {
    using m = mmap({ length: 2 * PAGE });
    expect(caught(() => m.sync({ flags: MS_SYNC | MS_ASYNC }))).toMatchObject({ code: 'EINVAL', beforeCall: true, message: expect.stringMatching(/MS_SYNC and MS_ASYNC were both given/) });
    expect(caught(() => m.sync({ offset: 100 }))).toMatchObject({ code: 'EINVAL', message: expect.stringMatching(/offset 100 is not a multiple of the page size/) });
    expect(caught(() => m.sync({ length: 0 }))).toMatchObject({ code: 'EINVAL', message: expect.stringMatching(/length 0 must be an integer above 0/) });
    expect(caught(() => m.sync({ offset: PAGE, length: 2 * PAGE }))).toMatchObject({ code: 'ENOMEM', message: expect.stringMatching(/outside the mapping/) });
    expect(caught(() => mmap({ length: 0 }))).toMatchObject({ code: 'EINVAL', syscall: 'mmap', beforeCall: true });
    expect(caught(() => mmap({ length: PAGE, offset: 100, fd: -1 }))).toMatchObject({ code: 'EINVAL', message: expect.stringMatching(/page size/) });
    expect(() => mmap({ length: PAGE, flags: MAP_SHARED | 0x10 })).toThrow(/MAP_FIXED is refused/);
  });

  it('ENOMEM for msync on an unmapped range', () => {
    const address = raw.mmap(0n, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    raw.munmap(address, PAGE);
    expect(caught(() => raw.msync(address, PAGE, MS_SYNC))).toMatchObject({ code: 'ENOMEM', syscall: 'msync', hint: expect.stringMatching(/not \(entirely\) mapped/) });
  });

  it('EACCES for PROT_WRITE + MAP_SHARED on a read-only descriptor', () => {
    const path = tempFile(Buffer.alloc(PAGE));
    const fd = open(path, O_RDONLY);
    const e = caught(() => mmap({ fd, length: PAGE, prot: PROT_READ | PROT_WRITE, flags: MAP_SHARED, path }));
    expect(e).toMatchObject({ code: 'EACCES', errno: 13, syscall: 'mmap', path, beforeCall: false });
    expect(e.message).toMatch(/O_RDWR/);
    // PROT_READ only, or MAP_PRIVATE, is fine on the same descriptor
    mmap({ fd, length: PAGE, prot: PROT_READ, flags: MAP_SHARED }).close();
    mmap({ fd, length: PAGE, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE }).close();
    close(fd);
  });

  it('EBADF for a bad descriptor', () => {
    expect(caught(() => mmap({ fd: 987654, length: PAGE }))).toMatchObject({ code: 'EBADF', syscall: 'mmap', fd: 987654 });
  });

  it('a file mapping past the end of the file is refused (SIGBUS otherwise)', () => {
    const path = tempFile(Buffer.alloc(100));
    const fd = open(path, O_RDWR);
    expect(() => mmap({ fd, length: 2 * PAGE, path })).toThrow(MappingPastEndError);
    expect(() => mmap({ fd, length: 2 * PAGE })).toThrow(expect.objectContaining({ code: 'ERR_MAPPING_PAST_EOF', fileSize: 100, end: 2 * PAGE }));
    expect(() => mmap({ fd, length: 200, offset: 0 })).toThrow(/SIGBUS/);
    const m = mmap({ fd, length: 100 }); // within the file: allowed
    expect(m.view.length).toBe(100);
    expect(() => m.remap(2 * PAGE)).toThrow(MappingPastEndError);
    m.close();
    close(fd);
    const r = runFixture('past-eof-sigbus.mjs');
    expect(r.stdout).toContain('first page ok');
    expect(r.signal).toBe('SIGBUS');
  });
});

describe('use after close', () => {
  it('views kept across close() never crash the process (child process)', () => {
    const r = runFixture('use-after-close.mjs', [], ['--expose-gc']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.signal).toBeNull();
    expect(JSON.parse(r.stdout)).toEqual({
      sum: 4 * 9, // zeros before the fill, then the last byte written after close
      closedError: 'ERR_MAPPING_CLOSED',
      closedView: 'ERR_MAPPING_CLOSED',
      fileKeptSharedWrite: true,
      fileUntouchedAfterClose: true,
      placeholders: 4,
      mappedBeforeGc: 4,
      deferredReleases: 4,
      mappedAfterGc: 0,
    });
  });

  it('the same access after a raw munmap does crash (negative control)', () => {
    const r = runFixture('raw-unmap-crash.mjs');
    expect(r.stdout).toContain('about to touch');
    expect(r.stdout).not.toContain('survived');
    expect(r.signal).toBe('SIGSEGV');
  });

  it('methods throw MappingClosedError; close() is idempotent; Symbol.dispose closes', () => {
    const m = mmap({ length: PAGE });
    m.close();
    m.close();
    expect(m.closed).toBe(true);
    for (const call of [() => m.sync(), () => m.advise(), () => m.protect(PROT_READ), () => m.lock(), () => m.residency(), () => m.remap(2 * PAGE), () => m.address]) {
      expect(call).toThrow(MappingClosedError);
    }
    let outer;
    {
      using inner = mmap({ length: PAGE });
      outer = inner;
    }
    expect(outer.closed).toBe(true);
    const n = mmap({ length: PAGE });
    (n as unknown as Record<symbol, () => void>)[Symbol.for('nodejs.dispose')]?.();
    n[Symbol.dispose]();
    expect(n.closed).toBe(true);
  });
});

describe('no leaks', () => {
  interface Snapshot {
    lines: number;
    ours: number;
    fds: number;
    vmKiB: number;
  }
  interface LeakReport {
    before: Snapshot;
    during: Snapshot;
    after: Snapshot;
    stats: { placeholders: number; deferredReleases: number; leaked: number; releaseFailures: number };
    /** Only with "leak": the mappings left open and how much of them the kernel still maps. */
    leak?: { count: number; kibMapped: number };
  }
  const PAGE_KIB = PAGE / 1024;
  /**
   * V8 maps and unmaps its own heap pages while the cycles run, so the total
   * line count and the address space move by a few entries and megabytes
   * either way (CI once saw 136 lines before and 128 after). What a leak of
   * these cycles would add is far larger: 10,000 private pages are 40 MiB.
   * The file and shared mappings are named in /proc/self/maps and counted
   * exactly; the private ones merge into few lines, so the address space
   * is what shows them (the "leak" case below proves the check sees them).
   */
  function expectNoGrowth(now: Snapshot, before: Snapshot): void {
    expect(now.ours).toBe(before.ours);
    expect(now.fds).toBe(before.fds);
    expect(now.lines).toBeLessThanOrEqual(before.lines + 16);
    expect(now.vmKiB - before.vmKiB).toBeLessThan((10_000 * PAGE_KIB) / 4);
  }

  it('10,000 map/close cycles leave no mapping, fd or address space behind (child process)', () => {
    const r = runFixture('leak-cycles.mjs', ['10000'], ['--expose-gc']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as LeakReport;
    expect(out.before.ours).toBe(0);
    expectNoGrowth(out.during, out.before);
    expectNoGrowth(out.after, out.before);
    expect(out.stats.placeholders).toBe(0); // no view was created: closed at once
  }, 60_000);

  it('the same checks see 10,000 private mappings left open (negative control, child process)', () => {
    const r = runFixture('leak-cycles.mjs', ['10000', 'leak'], ['--expose-gc']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as LeakReport;
    // The leak is there, page for page: every mapping left open (the 500
    // warm-up cycles' too) is still mapped.
    expect(out.leak).toEqual({ count: 10_500, kibMapped: 10_500 * PAGE_KIB });
    // And the address-space check of the cycles test fails on it. Not the full
    // 40 MiB: V8 may give back some of its own heap between the two snapshots
    // (CI once saw 39,488 KiB of growth for 40,000 KiB leaked).
    expect(() => expectNoGrowth(out.after, out.before)).toThrow();
    expect(out.after.vmKiB - out.before.vmKiB).toBeGreaterThanOrEqual((10_000 * PAGE_KIB) / 2);
  }, 60_000);

  it('with views touched before each close, every placeholder is unmapped once the views are collected (child process)', () => {
    const r = runFixture('leak-cycles.mjs', ['10000', 'views'], ['--expose-gc']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as LeakReport;
    const mapped = 3 * (10_000 + 500); // three mappings per cycle, warm-up included
    expect(out.stats).toEqual({ placeholders: mapped, deferredReleases: mapped, leaked: 0, releaseFailures: 0 });
    // /proc/self/maps line counts also move with V8's own heap pages here, so
    // the exact checks are: no file or shared mapping left, no fd left.
    expect(out.after.ours).toBe(0);
    expect(out.after.fds).toBe(out.before.fds);
  }, 60_000);

  it('in this process too: map/close cycles keep the fd table and leave no mapping of the file', () => {
    const path = tempFile(Buffer.alloc(PAGE), 'in-process-probe.bin');
    const fdsBefore = openFds().length;
    for (let i = 0; i < 2000; i++) {
      const fd = open(path, O_RDWR);
      const m = mmap({ fd, length: PAGE, flags: i % 2 ? MAP_SHARED : MAP_PRIVATE });
      close(fd);
      m.close();
    }
    expect(openFds().length).toBe(fdsBefore);
    expect(mapsLines().filter((l) => l.includes('in-process-probe.bin'))).toEqual([]);
  });
});

describe('unsupported platforms', () => {
  it('importing works, calling throws UnsupportedPlatformError', () => {
    const r = runFixture('unsupported.mjs');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ imported: true, MAP_SHARED: 1, supported: false, readAsync: 'ERR_UNSUPPORTED_PLATFORM' });
    for (const name of ['open', 'mmap', 'pageSize']) {
      expect(out[name]).toMatchObject({ code: 'ERR_UNSUPPORTED_PLATFORM', isClass: true, message: expect.stringMatching(/unsupported platform/) });
    }
  });
});

