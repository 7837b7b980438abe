import { describe, expect, it } from 'vitest';
import { runCopy, type CopyPlan } from './copy-loop.js';
import type { DdSink, DdSource, Transfer } from './endpoint.js';

const BS = 4;

function memorySource(bytes: Uint8Array, options: { failAt?: number; delay?: boolean } = {}): DdSource {
  return {
    kind: 'file',
    path: 'mem-in',
    blockSize: undefined,
    sizeBytes: bytes.length,
    seekable: true,
    close: () => Promise.resolve(),
    async read(t: Transfer, into: Uint8Array) {
      if (options.delay) await new Promise((r) => setTimeout(r, (t.lba * 7) % 5));
      if (options.failAt !== undefined && t.lba <= options.failAt && options.failAt < t.lba + t.blocks) throw new Error('medium error');
      const part = bytes.subarray(t.lba * BS, (t.lba + t.blocks) * BS);
      into.set(part);
      return into.subarray(0, part.length);
    },
  };
}

function memorySink(size: number, seekable = true): DdSink & { bytes: Uint8Array; order: number[] } {
  const bytes = new Uint8Array(size);
  const order: number[] = [];
  return {
    kind: 'file',
    path: 'mem-out',
    blockSize: undefined,
    sizeBytes: size,
    seekable,
    bytes,
    order,
    buffer: () => undefined,
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
    write(t: Transfer, data: Uint8Array) {
      order.push(t.lba);
      bytes.set(data, t.lba * BS);
      return Promise.resolve();
    },
  };
}

const data = Uint8Array.from({ length: 100 * BS + 2 }, (_, i) => i & 0xff);
const plan = (p: Partial<CopyPlan>): CopyPlan => ({ blockSize: BS, blocksPerTransfer: 8, count: undefined, skip: 0, seek: 0, queueDepth: 1, ...p });

describe('runCopy', () => {
  it('copies everything with a partial last block, like dd counts records', async () => {
    const sink = memorySink(data.length);
    const out = await runCopy(memorySource(data), sink, plan({ count: 101 }));
    expect(out).toMatchObject({ blocksIn: 100, partialIn: 1, blocksOut: 100, partialOut: 1, bytes: data.length, error: undefined, interrupted: false, remaining: 0 });
    expect(sink.bytes).toEqual(data);
  });
  it('honours skip, seek and count', async () => {
    const sink = memorySink(40 * BS);
    const out = await runCopy(memorySource(data), sink, plan({ count: 10, skip: 5, seek: 20 }));
    expect(out.blocksOut).toBe(10);
    expect(sink.bytes.subarray(20 * BS, 30 * BS)).toEqual(data.subarray(5 * BS, 15 * BS));
  });
  it('keeps several transfers in flight and still copies every block', async () => {
    const sink = memorySink(data.length);
    const out = await runCopy(memorySource(data, { delay: true }), sink, plan({ count: 100, queueDepth: 4 }));
    expect(out.blocksOut).toBe(100);
    expect(sink.bytes.subarray(0, 100 * BS)).toEqual(data.subarray(0, 100 * BS));
  });
  it('writes in order to a non-seekable sink whatever the read order', async () => {
    const sink = memorySink(data.length, false);
    await runCopy(memorySource(data, { delay: true }), sink, plan({ count: 100, queueDepth: 4 }));
    expect(sink.order).toEqual([...sink.order].sort((a, b) => a - b));
  });
  it('stops at the first error and reports where', async () => {
    const out = await runCopy(memorySource(data, { failAt: 20 }), memorySink(data.length), plan({ count: 100 }));
    expect(out).toMatchObject({ blocksIn: 16, blocksOut: 16, failedAt: 'read', failedLba: 16, remaining: 84 });
    expect((out.error as Error).message).toBe('medium error');
  });
  it('stops when the signal aborts and says so', async () => {
    const abort = new AbortController();
    const out = await runCopy(memorySource(data), memorySink(data.length), plan({ count: 100 }), {
      signal: abort.signal,
      onTransfer: (c) => {
        if (c.transfers === 3) abort.abort();
      },
    });
    expect(out).toMatchObject({ blocksOut: 24, interrupted: true, remaining: 76, error: undefined });
  });
  it('runs synchronous endpoints one transfer at a time without promises, with the same counts and errors', async () => {
    const asyncSource = memorySource(data, { failAt: 90 });
    const source: DdSource = { ...asyncSource, readSync: (t, into) => { const part = data.subarray(t.lba * BS, (t.lba + t.blocks) * BS); into.set(part); if (t.lba <= 90 && 90 < t.lba + t.blocks) throw new Error('medium error'); return into.subarray(0, part.length); } };
    const sink = memorySink(data.length);
    const syncSink: DdSink = { ...sink, write: () => Promise.reject(new Error('async write used')), writeSync: (t, d) => void sink.bytes.set(d, t.lba * BS) };
    const all = await runCopy({ ...source, readSync: (t, into) => { const part = data.subarray(t.lba * BS, (t.lba + t.blocks) * BS); into.set(part); return into.subarray(0, part.length); } }, syncSink, plan({}));
    expect(all).toMatchObject({ blocksIn: 100, partialIn: 1, blocksOut: 100, partialOut: 1, error: undefined, interrupted: false });
    expect(sink.bytes).toEqual(data);
    const failed = await runCopy(source, syncSink, plan({ count: 100 }));
    expect(failed).toMatchObject({ blocksOut: 88, failedAt: 'read', failedLba: 88, remaining: 12 });
  });

  it('a zoned output: no transfer crosses a zone boundary, and writes land in block order at any queue depth', async () => {
    // zones of 10 blocks; the copy starts 3 blocks into one, 8 blocks a transfer
    const boundary = (lba: number): number => 10 - (lba % 10);
    for (const queueDepth of [1, 4]) {
      const writes: Transfer[] = [];
      const sink = memorySink(60 * BS);
      const write = sink.write.bind(sink);
      sink.write = (t: Transfer, d: Uint8Array) => {
        writes.push({ ...t });
        return write(t, d);
      };
      const out = await runCopy(memorySource(data, { delay: true }), sink, plan({ count: 40, seek: 13, queueDepth, outputBoundary: boundary }));
      expect(out.blocksOut).toBe(40);
      expect(sink.bytes.subarray(13 * BS, 53 * BS)).toEqual(data.subarray(0, 40 * BS));
      for (const w of writes) expect(Math.floor(w.lba / 10), `write at ${w.lba} of ${w.blocks}`).toBe(Math.floor((w.lba + w.blocks - 1) / 10));
      expect(writes.map((w) => w.lba)).toEqual([...writes.map((w) => w.lba)].sort((a, b) => a - b));
      expect(writes.map((w) => w.blocks).slice(0, 3)).toEqual([7, 8, 2]);
    }
  });
  it('goes on one transfer at a time once neither end gains from queueing, from where the slots left off', async () => {
    const calls: string[] = [];
    let serialAfter = 5; // the source says so after its fifth queued read (an sg device's inline probe)
    const source: DdSource = {
      ...memorySource(data),
      read(t: Transfer, into: Uint8Array) {
        calls.push(`read ${t.lba}`);
        serialAfter--;
        return Promise.resolve(this.readSync!(t, into));
      },
      readSync(t: Transfer, into: Uint8Array) {
        const part = data.subarray(t.lba * BS, (t.lba + t.blocks) * BS);
        into.set(part);
        return into.subarray(0, part.length);
      },
      serialSuffices: () => serialAfter <= 0,
    };
    const base = memorySink(data.length);
    const sink = {
      ...base,
      writeSync(t: Transfer, d: Uint8Array) {
        calls.push(`writeSync ${t.lba}`);
        base.bytes.set(d, t.lba * BS);
      },
      serialSuffices: () => true,
    };
    const out = await runCopy(source, sink, plan({ count: 101, queueDepth: 4 }));
    expect(out).toMatchObject({ blocksOut: 100, partialOut: 1, error: undefined, remaining: 0 });
    expect(base.bytes).toEqual(data);
    // the queued reads stopped once the source said so; the rest went through writeSync in block order
    const queued = calls.filter((c) => c.startsWith('read '));
    expect(queued.length).toBeGreaterThanOrEqual(5);
    expect(queued.length).toBeLessThan(9);
    const serial = calls.filter((c) => c.startsWith('writeSync ')).map((c) => Number(c.split(' ')[1]));
    expect(serial.length).toBe(13 - queued.length);
    expect(serial).toEqual([...serial].sort((a, b) => a - b));
    expect(serial[0]).toBe(queued.length * 8);
  });
  it('keeps queueing while an end still gains from it', async () => {
    const sink = memorySink(data.length);
    let reads = 0;
    const source: DdSource = { ...memorySource(data), readSync: () => new Uint8Array(0), serialSuffices: () => false };
    const counting: DdSource = { ...source, read: (t, into) => (reads++, memorySource(data).read(t, into)) };
    const out = await runCopy(counting, { ...sink, writeSync: () => undefined, serialSuffices: () => true }, plan({ count: 101, queueDepth: 4 }));
    expect(out.blocksOut).toBe(100);
    expect(reads).toBe(13);
    expect(sink.bytes).toEqual(data);
  });
});
