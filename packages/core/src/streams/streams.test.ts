/** Host tests of the block streams against an in-memory disk that completes out of order. */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { FakeDisk } from './test-support/fake-disk.js';
import { resolveStream } from './stream-options.js';

function filled(disk: FakeDisk): void {
  for (let i = 0; i < disk.storage.length; i++) disk.storage[i] = (i * 7 + (i >> 9)) & 0xff;
}

async function collect(readable: Readable): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  readable.on('data', (c: Buffer) => parts.push(c));
  await new Promise((resolve, reject) => readable.on('end', resolve).on('error', reject));
  return parts;
}

describe('resolveStream', () => {
  it('fills in defaults and checks the range', () => {
    expect(resolveStream({}, 512, 1000n)).toMatchObject({ start: 0n, end: 1000n, blocksPerTransfer: 512, queueDepth: 4, mode: 'indirect' });
    expect(resolveStream({ mode: 'mmap', queueDepth: 8 }, 4096, 10n, 65536)).toMatchObject({ blocksPerTransfer: 16, queueDepth: 1 });
    expect(() => resolveStream({ start: 5, end: 4 }, 512, 10n)).toThrow(/before start/);
    expect(() => resolveStream({ end: 11 }, 512, 10n)).toThrow(/past the device/);
    expect(() => resolveStream({ blocksPerTransfer: 0 }, 512, 10n)).toThrow(/blocksPerTransfer/);
  });
});

describe('BlockReadStream', () => {
  it('delivers every block in order although completions come out of order', async () => {
    const disk = new FakeDisk({ blocks: 1000, maxDelayMs: 3 });
    filled(disk);
    const parts = await collect(disk.createReadStream({ blocksPerTransfer: 37, queueDepth: 6 }));
    expect(Buffer.concat(parts).equals(Buffer.from(disk.storage))).toBe(true);
    expect(parts.at(-1)!.length).toBe((1000 % 37) * 512);
    expect(disk.maxInFlight).toBe(6);
  });

  it('stops reading while the consumer is behind', async () => {
    const disk = new FakeDisk({ blocks: 4096 });
    const rs = disk.createReadStream({ blocksPerTransfer: 16, highWaterMark: 2, queueDepth: 4 });
    let maxAhead = 0;
    let consumed = 0;
    await pipeline(
      rs,
      new Writable({
        highWaterMark: 1,
        write(chunk: Buffer, _e, cb) {
          consumed += chunk.length;
          maxAhead = Math.max(maxAhead, rs.bytesRead - consumed);
          setTimeout(cb, 1);
        },
      }),
    );
    expect(consumed).toBe(4096 * 512);
    // what was read but not consumed: the stream's buffer (2 transfers), what the writable holds, and the READs in flight
    expect(maxAhead).toBeLessThanOrEqual((2 + 1 + 4) * 16 * 512);
  });

  it('fails with the device error and reads nothing after it', async () => {
    const disk = new FakeDisk({ blocks: 100, reportedBlocks: 200n });
    await expect(collect(disk.createReadStream({ blocksPerTransfer: 30 }))).rejects.toMatchObject({ code: 'ERR_SCSI_CHECK_CONDITION' });
  });
});

describe('BlockWriteStream', () => {
  it('writes odd-sized chunks to consecutive blocks and synchronizes the cache', async () => {
    const disk = new FakeDisk({ blocks: 300, maxDelayMs: 2 });
    const source = Buffer.from(Array.from({ length: 200 * 512 }, (_, i) => (i * 13) & 0xff));
    const pieces = [];
    for (let at = 0; at < source.length; at += 3001) pieces.push(source.subarray(at, at + 3001));
    const ws = disk.createWriteStream({ start: 50, end: 250, blocksPerTransfer: 7, queueDepth: 3 });
    await pipeline(Readable.from(pieces), ws);
    expect(Buffer.from(disk.storage.subarray(50 * 512, 250 * 512)).equals(source)).toBe(true);
    expect(disk.storage.subarray(0, 50 * 512).every((b) => b === 0)).toBe(true);
    expect(disk.cdbs.at(-1)![0]).toBe(0x35);
    expect(ws.maxInFlight).toBe(3);
    expect(ws.bytesWritten).toBe(source.length);
  });

  it('refuses a partial last block and data past the end', async () => {
    const disk = new FakeDisk({ blocks: 10 });
    await expect(pipeline(Readable.from([Buffer.alloc(600)]), disk.createWriteStream())).rejects.toThrow(/whole blocks/);
    await expect(pipeline(Readable.from([Buffer.alloc(11 * 512)]), disk.createWriteStream())).rejects.toThrow(/the stream is full/);
  });
});
