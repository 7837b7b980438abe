/** Host tests of the convenience methods against an in-memory disk. */
import { SenseKey, type CachingModePage, type UnitSerialNumberVpdPage } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { FakeDisk } from '../streams/test-support/fake-disk.js';
import { CheckConditionError } from '../errors/scsi-errors.js';
import { BlockRequestError } from './command-errors.js';

describe('readCapacity', () => {
  it('uses READ CAPACITY(10) and caches the block size', async () => {
    const disk = new FakeDisk({ blocks: 64, blockSize: 4096 });
    const c = await disk.readCapacity();
    expect(c).toMatchObject({ source: 10, blocks: 64n, lastLba: 63n, blockSize: 4096, bytes: 64n * 4096n, lbpme: undefined });
    expect(disk.cachedCapacity).toBe(c);
    await disk.readBlocks(0, 1);
    expect(disk.cdbs.filter((cdb) => cdb[0] === 0x25)).toHaveLength(1);
  });

  it('switches to READ CAPACITY(16) when (10) says 0xFFFFFFFF, and asks (16) first when detailed', () => {
    const disk = new FakeDisk({ blocks: 8, reportedBlocks: 2n ** 33n });
    expect(disk.readCapacitySync()).toMatchObject({ source: 16, blocks: 2n ** 33n, lbpme: true, lbprz: true });
    expect(disk.cdbs.map((c) => c[0])).toEqual([0x25, 0x9e]);
    expect(new FakeDisk({ blocks: 8 }).readCapacitySync({ detailed: true }).source).toBe(16);
  });
});

describe('readBlocks / writeBlocks', () => {
  it('round-trips and picks READ(10) or READ(16) from the range', async () => {
    const disk = new FakeDisk({ blocks: 70_000 });
    const data = Uint8Array.from({ length: 3 * 512 }, (_, i) => i & 0xff);
    await disk.writeBlocks(10, data, { blockSize: 512 });
    expect(await disk.readBlocks(10, 3, { blockSize: 512 })).toEqual(data);
    await disk.readBlocks(0, 65_536, { blockSize: 512 });
    expect(disk.cdbs.map((c) => c[0])).toEqual([0x2a, 0x28, 0x88]);
    expect(disk.readBlocksSync(10, 3, { blockSize: 512, cdbSize: 16 })).toEqual(data);
  });

  it('reads into a caller buffer and returns empty for zero blocks', async () => {
    const disk = new FakeDisk({ blocks: 8 });
    const into = new Uint8Array(2048);
    const r = await disk.readBlocks(0, 2, { blockSize: 512, into });
    expect(r.buffer).toBe(into.buffer);
    expect(r.length).toBe(1024);
    expect(await disk.readBlocks(0, 0, { blockSize: 512 })).toHaveLength(0);
    expect(disk.cdbs).toHaveLength(1); // only the first read went to the device
  });

  it('refuses partial blocks and small buffers with messages that say what to do', async () => {
    const disk = new FakeDisk({ blocks: 8 });
    await expect(disk.writeBlocks(0, new Uint8Array(700), { blockSize: 512 })).rejects.toThrow(/pad the data/);
    await expect(disk.readBlocks(0, 2, { blockSize: 512, into: new Uint8Array(100) })).rejects.toBeInstanceOf(BlockRequestError);
  });

  it('passes CHECK CONDITION through as a typed error', async () => {
    const disk = new FakeDisk({ blocks: 8 });
    const e = await disk.readBlocks(8, 1, { blockSize: 512 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CheckConditionError);
    expect((e as CheckConditionError).senseKey).toBe(SenseKey.ILLEGAL_REQUEST);
    // named as its definition names it (as in events and metrics), not from the opcode table
    expect((e as CheckConditionError).message).toContain('READ(10)');
    expect((e as CheckConditionError).message).not.toContain('opcode 0x28');
  });
});

describe('variable-length responses', () => {
  it('asks again with the declared length when a VPD page did not fit', async () => {
    const serial = 'S'.repeat(400);
    const disk = new FakeDisk({ blocks: 1, serial });
    const page = (await disk.vpd(0x80)) as UnitSerialNumberVpdPage;
    expect(page.serialNumber).toBe(serial);
    const lengths = disk.cdbs.map((c) => (c[3]! << 8) | c[4]!);
    expect(lengths).toEqual([252, 404]);
  });

  it('falls back to MODE SENSE(6) when (10) is not supported', () => {
    const disk = new FakeDisk({ blocks: 1, noModeSense10: true });
    const ms = disk.modeSenseSync(0x08);
    expect((ms.pages[0] as CachingModePage).wce).toBe(true);
    expect(disk.cdbs.map((c) => c[0])).toEqual([0x5a, 0x1a]);
    expect(() => disk.modeSenseSync(0x08, { cdbSize: 10 })).toThrow(CheckConditionError);
    expect(() => disk.modeSenseSync(0x40)).toThrow(RangeError);
  });
});
