import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAllSync } from './stdio.js';

describe('writeAllSync', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('writes everything to a file and never touches the fallback', () => {
    dir = mkdtempSync(join(tmpdir(), 'sgio-stdio-'));
    const fd = openSync(join(dir, 'out'), 'w+');
    try {
      const text = 'ünïcode line\n'.repeat(10_000);
      expect(writeAllSync(fd, text, () => expect.unreachable('no fallback for a file'))).toBe(true);
      const back = Buffer.alloc(Buffer.byteLength(text) + 10);
      expect(readSync(fd, back, 0, back.length, 0)).toBe(Buffer.byteLength(text));
      expect(back.subarray(0, Buffer.byteLength(text)).toString('utf8')).toBe(text);
    } finally {
      closeSync(fd);
    }
  });

  it('hands the rest to the fallback when a non-blocking pipe is full (EAGAIN), losing no byte', () => {
    dir = mkdtempSync(join(tmpdir(), 'sgio-stdio-'));
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // read-write opens a FIFO without a peer; non-blocking: a full pipe answers EAGAIN
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      const data = new Uint8Array(300_000).map((_, i) => i % 251);
      const rest: Uint8Array[] = [];
      expect(writeAllSync(fd, data, () => ({ write: (b: Uint8Array) => rest.push(Uint8Array.from(b)) }))).toBe(false);
      expect(rest).toHaveLength(1);
      const written = data.length - rest[0]!.length;
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(data.length);
      const inPipe = Buffer.alloc(data.length);
      let got = 0;
      for (;;) {
        try {
          const n = readSync(fd, inPipe, got, inPipe.length - got, null);
          if (n === 0) break;
          got += n;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EAGAIN') break;
          throw e;
        }
      }
      expect(got).toBe(written);
      expect(Buffer.concat([inPipe.subarray(0, got), rest[0]!]).equals(Buffer.from(data))).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it('throws what is not EAGAIN (EBADF) without calling the fallback', () => {
    expect(() => writeAllSync(1_000_000, 'x', () => expect.unreachable('no fallback'))).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });
});

describe('stdout of the built CLI', () => {
  it('ends quietly with status 0 when the reader has closed the pipe (sgio ... | head)', async () => {
    const bin = fileURLToPath(new URL('../../dist/bin.cjs', import.meta.url));
    const child = spawn(process.execPath, [bin, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // the read end closes long before the child writes its first line: that write fails with EPIPE
    child.stdout.destroy();
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    expect({ code, signal, err }).toEqual({ code: 0, signal: null, err: '' });
  });
});
