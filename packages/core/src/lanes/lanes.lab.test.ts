/**
 * The reserved buffer, mmap-ed IO, direct IO and SgLanes on the real sg
 * driver: the checks sgio makes that the driver does not, the EBUSY resize
 * rule, queued mmap-ed commands (never EBUSY for the caller), direct IO
 * honoured or not by `allow_dio`, and N lanes overlapping mmap-ed reads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { firstDevice, requireLab, setScsiDebugDelay } from '@sgio/lab';
import { read16, testUnitReady, write16 } from '@sgio/struct';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SgDevice } from '../device/sg-device.js';
import { ReservedBufferBusyError, TransferModeError } from '../errors/sgio-error.js';
import { SgLanes } from './sg-lanes.js';
import { caught } from '../test-support/caught.js';

requireLab('The reserved buffer, mmap and lanes lab test');

const BLOCK = { blockSize: 512 };
const ALLOW_DIO = '/sys/module/sg/parameters/allow_dio';
const allowDioAtStart = readFileSync(ALLOW_DIO, 'utf8').trim();
let path: string;
/** 256 blocks, each filled with its LBA's low byte plus one. */
const pattern = new Uint8Array(256 * 512);
for (let b = 0; b < 256; b++) pattern.fill((b + 1) & 0xff, b * 512, (b + 1) * 512);

beforeAll(async () => {
  path = firstDevice().path;
  await using dev = await SgDevice.open(path);
  await dev.execute(testUnitReady);
  await dev.execute(write16, { lba: 0n, transferLength: 256 }, { ...BLOCK, data: pattern });
});

afterEach(async () => {
  await setScsiDebugDelay(0);
});

afterAll(() => {
  writeFileSync(ALLOW_DIO, allowDioAtStart);
});

describe('reserved buffer and mmap-ed IO', () => {
  it('reads and sets the reserved size (rounded up to the page size) and moves data through the mapping both ways', async () => {
    await using dev = await SgDevice.open(path);
    expect(dev.reservedSize).toBe(32768);
    expect(dev.setReservedSize(100_000)).toBe(102_400); // 25 pages of 4 KiB
    const map = dev.mapReservedBuffer();
    expect(map.length).toBe(102_400);
    expect(dev.mapReservedBuffer()).toBe(map);
    const r = await dev.execute(read16, { lba: 8n, transferLength: 16 }, { ...BLOCK, transfer: 'mmap' });
    expect(r.transfer).toBe('mmap');
    // copied out of the mapping: a view would be overwritten by the next mmap-ed command, another caller's included
    expect(r.data!.buffer).not.toBe(map.view.buffer);
    expect(map.view.subarray(0, r.data!.length)).toEqual(r.data); // the bytes went through the mapping
    expect(r.data).toEqual(pattern.subarray(8 * 512, 24 * 512));
    const copy = new Uint8Array(8192);
    const s = dev.executeSync(read16, { lba: 100n, transferLength: 16 }, { ...BLOCK, transfer: 'mmap', receive: copy });
    expect(s.data!.buffer).toBe(copy.buffer);
    expect(copy).toEqual(pattern.subarray(100 * 512, 116 * 512));
    // data-out through the mapping, read back indirectly
    const out = new Uint8Array(4096).fill(0xa5);
    await dev.execute(write16, { lba: 300n, transferLength: 8 }, { ...BLOCK, transfer: 'mmap', data: out });
    expect((await dev.execute(read16, { lba: 300n, transferLength: 8 }, BLOCK)).data).toEqual(out);
  });

  it('checks what the driver does not: a mapping exists, is open, and is long enough', async () => {
    await using dev = await SgDevice.open(path, { reservedSize: 65536 });
    const noMap = (await caught(dev.execute(read16, { lba: 0n, transferLength: 8 }, { ...BLOCK, transfer: 'mmap' }))) as TransferModeError;
    expect(noMap).toBeInstanceOf(TransferModeError);
    expect(noMap.code).toBe('ERR_MMAP_NOT_MAPPED');
    expect(noMap.message).toMatch(/mapReservedBuffer\(\)/);
    const map = dev.mapReservedBuffer();
    const tooLong = (await caught(() => dev.executeSync(read16, { lba: 0n, transferLength: 256 }, { ...BLOCK, transfer: 'mmap' }))) as TransferModeError;
    expect(tooLong.code).toBe('ERR_MMAP_TOO_SHORT');
    expect(tooLong.message).toMatch(/131072 bytes but the mapped reserved buffer holds 65536/);
    map.close();
    const closed = (await caught(dev.execute(read16, { lba: 0n, transferLength: 8 }, { ...BLOCK, transfer: 'mmap' }))) as TransferModeError;
    expect(closed.code).toBe('ERR_MMAP_CLOSED');
    // the device itself still works
    expect((await dev.execute(read16, { lba: 0n, transferLength: 8 }, BLOCK)).ok).toBe(true);
  });

  it('explains the EBUSY rule when resizing after a mapping exists, mapped or unmapped since', async () => {
    await using dev = await SgDevice.open(path, { reservedSize: 65536 });
    const map = dev.mapReservedBuffer();
    const mapped = (await caught(() => dev.setReservedSize(1 << 20))) as ReservedBufferBusyError;
    expect(mapped).toBeInstanceOf(ReservedBufferBusyError);
    expect(mapped.code).toBe('ERR_RESERVED_MAPPED');
    expect(mapped.message).toMatch(/EBUSY/);
    expect(mapped.message).toMatch(/before mapReservedBuffer\(\)/);
    map.close();
    const unmapped = (await caught(() => dev.setReservedSize(1 << 20))) as ReservedBufferBusyError;
    expect(unmapped.message).toMatch(/unmapped since/);
    expect(dev.reservedSize).toBe(65536);
  });

  it('queues mmap-ed commands one at a time per fd (never EBUSY for the caller), also behind indirect commands that hold the reserved buffer', async () => {
    await using dev = await SgDevice.open(path, { reservedSize: 65536 });
    dev.mapReservedBuffer();
    await setScsiDebugDelay(5);
    const copies = Array.from({ length: 6 }, () => new Uint8Array(4096));
    // one mmap-ed command's time on this machine, measured now (after a warm-up: the first poll starts a worker)
    const single = (): Promise<unknown> => dev.execute(read16, { lba: 0n, transferLength: 8 }, { ...BLOCK, transfer: 'mmap', receive: new Uint8Array(4096) });
    await single();
    const s0 = performance.now();
    await single();
    const one = performance.now() - s0;
    console.log(`mmap-ed: one command ${one.toFixed(0)} ms`);
    const t0 = performance.now();
    const indirect = dev.execute(read16, { lba: 40n, transferLength: 8 }, BLOCK); // fits the reserved buffer: the driver lends it
    const mmaped = copies.map((c, i) => dev.execute(read16, { lba: BigInt(i * 8), transferLength: 8 }, { ...BLOCK, transfer: 'mmap', receive: c }));
    const more = dev.execute(read16, { lba: 48n, transferLength: 8 }, BLOCK);
    await new Promise((r) => setTimeout(r, 10));
    // an mmap-ed executeSync now would get EBUSY from the driver: sgio says why instead
    const busy = (await caught(() => dev.executeSync(read16, { lba: 0n, transferLength: 8 }, { ...BLOCK, transfer: 'mmap' }))) as TransferModeError;
    expect(busy.code).toBe('ERR_RESERVED_BUSY');
    const results = await Promise.all(mmaped);
    const elapsed = performance.now() - t0;
    results.forEach((r, i) => expect(r.data).toEqual(pattern.subarray(i * 8 * 512, (i + 1) * 8 * 512)));
    expect((await indirect).data).toEqual(pattern.subarray(40 * 512, 48 * 512));
    expect((await more).data).toEqual(pattern.subarray(48 * 512, 56 * 512));
    // one mmap-ed command at a time: about 6 x one (overlapped they would take about one)
    expect(elapsed).toBeGreaterThan(4 * one);
  });
});

describe('direct IO', () => {
  it('is honoured when allow_dio is 1 and falls back to indirect IO (and says so) when it is 0', async () => {
    await using dev = await SgDevice.open(path);
    writeFileSync(ALLOW_DIO, '0');
    const off = await dev.execute(read16, { lba: 16n, transferLength: 16 }, { ...BLOCK, transfer: 'direct' });
    expect(off.requestedTransfer).toBe('direct');
    expect(off.transfer).toBe('indirect');
    expect(off.directIoHonoured).toBe(false);
    expect(off.data).toEqual(pattern.subarray(16 * 512, 32 * 512));
    writeFileSync(ALLOW_DIO, '1');
    const on = await dev.execute(read16, { lba: 16n, transferLength: 16 }, { ...BLOCK, transfer: 'direct' });
    expect(on.transfer).toBe('direct');
    expect(on.directIoHonoured).toBe(true);
    expect(on.info & 0x2).toBe(0x2); // SG_INFO_DIRECT_IO
    expect(on.data).toEqual(pattern.subarray(16 * 512, 32 * 512));
    const sync = dev.executeSync(read16, { lba: 16n, transferLength: 16 }, { ...BLOCK, transfer: 'direct' });
    expect(sync.directIoHonoured).toBe(true);
    // a misaligned caller buffer is copied by the driver: reported, not hidden
    const odd = new Uint8Array(16 * 512 + 1).subarray(1);
    const mis = await dev.execute(read16, { lba: 16n, transferLength: 16 }, { ...BLOCK, transfer: 'direct', receive: odd });
    expect(mis.data).toEqual(pattern.subarray(16 * 512, 32 * 512));
    // sg only maps the caller's pages when the address is aligned for the queue (blk_rq_aligned): odd is never
    expect([mis.requestedTransfer, mis.transfer, mis.directIoHonoured, mis.info & 0x2]).toEqual(['direct', 'indirect', false, 0]);
    writeFileSync(ALLOW_DIO, allowDioAtStart);
  });
});

describe('SgLanes', () => {
  it('routes mmap-ed reads to free lanes, one in flight per lane, and overlaps them across lanes', async () => {
    await using lanes = await SgLanes.open(path, { lanes: 4, reservedSize: 64 * 1024 });
    expect(lanes.lanes).toBe(4);
    expect(lanes.reservedSize).toBe(65536);
    expect(new Set(lanes.devices.map((d) => d.fd)).size).toBe(4);
    await setScsiDebugDelay(5);
    await Promise.all(Array.from({ length: 4 }, (_, i) => lanes.read(i * 8, 8))); // warm up: one poll worker per lane
    const [, one] = await (async () => {
      const t = performance.now();
      return [await lanes.read(0, 8), performance.now() - t] as const;
    })();
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => lanes.read(i * 8, 8)));
    const sixteen = performance.now() - t0;
    console.log(`lanes: one mmap-ed read ${one.toFixed(0)} ms, 16 over 4 lanes ${sixteen.toFixed(0)} ms`);
    results.forEach((r, i) => {
      expect(r.transfer).toBe('mmap');
      expect(r.data).toEqual(pattern.subarray(i * 8 * 512, (i + 1) * 8 * 512));
    });
    const stats = lanes.stats();
    expect(stats.maxBusy).toBe(4);
    expect(stats.perLane.every((n) => n >= 4)).toBe(true);
    expect(sixteen).toBeLessThan(one * 8); // 4 rounds of 4, not 16 one after another
    for (const d of lanes.devices) expect(d.queueStats().maxInFlight).toBe(1);
    // withLane: exclusive, zero-copy use of one lane's mapping
    const first = await lanes.withLane(async (dev) => {
      await dev.execute(read16, { lba: 200n, transferLength: 1 }, { ...BLOCK, transfer: 'mmap' });
      return dev.reservedMapping!.view[0];
    });
    expect(first).toBe(201);
    const into = new Uint8Array(4096);
    const r = await lanes.read(32, 8, { into });
    expect(r.data!.buffer).toBe(into.buffer);
    await lanes.close();
    expect(lanes.closed).toBe(true);
    await expect(lanes.read(0, 1)).rejects.toThrow(/closed/);
  });

  it('adopts an open device as lane 0 and hands out fixed lanes with lane(i) (sgio dd --qd with mmap)', async () => {
    // a first lane that may send commands through the bsg node is refused: a lane runs them on its own sg fd
    const auto = await SgDevice.open(path);
    await expect(SgLanes.open(path, { lanes: 2, first: auto })).rejects.toThrow(/via 'sg'/);
    expect(auto.closed).toBe(true); // the lanes owned it, also when refusing it
    const dev = await SgDevice.open(path, { via: 'sg' });
    const lanes = await SgLanes.open(path, { lanes: 3, reservedSize: 64 * 1024, first: dev });
    try {
      expect(lanes.lanes).toBe(3);
      expect(lanes.lane(0)).toBe(dev);
      expect(dev.reservedMapping?.length).toBeGreaterThanOrEqual(64 * 1024);
      expect(() => lanes.lane(3)).toThrow(RangeError);
      // each lane runs its own prepared mmap-ed READ at once: three in flight on three fds
      const requests = [0, 1, 2].map((i) => lanes.lane(i).prepare(read16, { lba: BigInt(i * 8), transferLength: 8 }, { ...BLOCK, transfer: 'mmap' }));
      await Promise.all(requests.map((r) => r.submit()));
      requests.forEach((r, i) => expect(r.data!.subarray(0, 8 * 512)).toEqual(pattern.subarray(i * 8 * 512, (i + 1) * 8 * 512)));
    } finally {
      await lanes.close();
    }
    expect(dev.closed).toBe(true);
  });
});
