/**
 * BsgLanes and openLanes on the real kernel: read-only lanes go through the
 * device's bsg node over io_uring where the kernel has it (the lab's Linux
 * 7.2) and stay on the sg node otherwise; N lanes bound the commands at
 * once; a waiter leaves on abort; close() rejects the waiting callers and
 * closes the device; a bsg node that does not open leaves `auto`
 * on the sg node. An abandoned command: stuck-commands.lab.test.ts.
 */
import { renameSync } from 'node:fs';
import { firstDevice, requireLab } from '@sgio/lab';
import { read16, testUnitReady, write16 } from '@sgio/struct';
import { beforeAll, describe, expect, it } from 'vitest';
import { BsgDevice } from '../device/bsg-device.js';
import { bsgPathFor } from '../device/bsg-path.js';
import { SgDevice } from '../device/sg-device.js';
import { CommandCanceledError, DeviceClosedError, DeviceOpenError } from '../errors/sgio-error.js';
import { caught } from '../test-support/caught.js';
import { BsgLanes } from './bsg-lanes.js';
import { openLanes } from './open-lanes.js';
import { SgLanes } from './sg-lanes.js';

requireLab('The BsgLanes lab test');

const BLOCK = { blockSize: 512 };
let path: string;
/** Whether this kernel's bsg takes commands over io_uring (what `auto` follows). */
let uring: boolean;
/** 128 blocks, each filled with its LBA's low byte plus 7. */
const pattern = new Uint8Array(128 * 512);
for (let b = 0; b < 128; b++) pattern.fill((b + 7) & 0xff, b * 512, (b + 1) * 512);

beforeAll(async () => {
  path = firstDevice().path;
  await using dev = await SgDevice.open(path);
  await dev.execute(testUnitReady);
  await dev.execute(write16, { lba: 4096n, transferLength: 128 }, { ...BLOCK, data: pattern });
  const probe = await BsgDevice.open(path, { readOnly: true });
  uring = probe.transport.capabilities.kind === 'bsg-uring';
  await probe.close();
});

describe('openLanes', () => {
  it('opens read-only lanes on the bsg node over io_uring where the kernel has it, read-write ones on the sg node', async () => {
    await using ro = await openLanes(path, { lanes: 2, readOnly: true });
    expect(ro.kind).toBe(uring ? 'bsg' : 'sg');
    if (uring) {
      expect(ro).toBeInstanceOf(BsgLanes);
      expect(ro.path).toBe(bsgPathFor(path));
      expect(ro.transfer).toBe('indirect');
      expect(ro.maxTransferBytes).toBeUndefined();
      expect((ro as BsgLanes).device.transport.capabilities.kind).toBe('bsg-uring');
    }
    await using rw = await openLanes(path, { lanes: 2, reservedSize: 65536 });
    expect(rw).toBeInstanceOf(SgLanes);
    expect(rw.transfer).toBe('mmap');
    expect(rw.maxTransferBytes).toBe(65536);
    await using forced = await openLanes(path, { lanes: 1, readOnly: true, via: 'sg' });
    expect(forced.kind).toBe('sg');
    // the same blocks through either kind, each moving data its own way
    for (const lanes of [ro, rw]) {
      const into = new Uint8Array(32 * 512);
      await lanes.withLane((device) => device.readBlocks(4096n + 16n, 32, { ...BLOCK, into, transfer: lanes.transfer, cdbSize: 16 }));
      expect(into).toEqual(pattern.subarray(16 * 512, 48 * 512));
    }
  });

  it('leaves auto on the sg node when the bsg node does not open; via bsg-io-uring then fails', async () => {
    const node = bsgPathFor(path);
    const aside = `${node}.aside`;
    renameSync(node, aside);
    try {
      await using lanes = await openLanes(path, { lanes: 1, readOnly: true });
      expect(lanes.kind).toBe('sg');
      const r = await lanes.withLane((device) => device.readBlocks(4096n, 1, { ...BLOCK, transfer: lanes.transfer, cdbSize: 16 }));
      expect(r).toEqual(pattern.subarray(0, 512));
      expect(await caught(openLanes(path, { lanes: 1, readOnly: true, via: 'bsg-io-uring' }))).toBeInstanceOf(DeviceOpenError);
    } finally {
      renameSync(aside, node);
    }
  });
});

describe('BsgLanes over io_uring', () => {
  it('runs at most N commands at once; the rest wait in order and all read what the sg node holds', async ({ skip }) => {
    if (!uring) skip('this kernel has no bsg io_uring passthrough');
    await using lanes = await BsgLanes.open(path, { lanes: 3, readOnly: true, transport: 'io_uring' });
    let now = 0;
    let most = 0;
    const reads = Array.from({ length: 8 }, (_, i) =>
      lanes.withLane(async (device, lane) => {
        expect(lane).toBeGreaterThanOrEqual(0);
        expect(lane).toBeLessThan(3);
        most = Math.max(most, ++now);
        try {
          return await device.execute(read16, { lba: 4096n + BigInt(i * 16), transferLength: 16 }, BLOCK);
        } finally {
          now--;
        }
      }),
    );
    const results = await Promise.all(reads);
    results.forEach((r, i) => expect(r.data).toEqual(pattern.subarray(i * 16 * 512, (i + 1) * 16 * 512)));
    expect(most).toBe(3);
    const s = lanes.stats();
    expect(s).toMatchObject({ lanes: 3, busy: 0, waiting: 0, maxBusy: 3, retired: 0 });
    expect(s.perLane.reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('lets a waiter leave on abort; closing rejects the waiting callers, refuses later ones and closes the device', async ({ skip }) => {
    if (!uring) skip('this kernel has no bsg io_uring passthrough');
    const lanes = await BsgLanes.open(path, { lanes: 1, readOnly: true, transport: 'io_uring' });
    let release!: () => void;
    const holder = lanes.withLane(async (device) => {
      await device.execute(testUnitReady);
      await new Promise<void>((r) => (release = r));
      return device.execute(read16, { lba: 4096n, transferLength: 8 }, BLOCK);
    });
    const leave = new AbortController();
    const leaving = lanes.withLane((device) => device.execute(testUnitReady), leave.signal);
    const queued = lanes.withLane(() => Promise.resolve('never'));
    await new Promise((r) => setTimeout(r, 20));
    expect(lanes.stats()).toMatchObject({ busy: 1, waiting: 2 });
    leave.abort();
    expect(await caught(leaving)).toBeInstanceOf(CommandCanceledError);
    const closing = lanes.close();
    expect(await caught(queued)).toMatchObject({ reason: 'closed' });
    expect(await caught(lanes.withLane(() => Promise.resolve(1)))).toBeInstanceOf(DeviceClosedError);
    // as with SgLanes, the device closes with the lanes: the caller still running gets no new command through
    release();
    expect(await caught(holder)).toBeInstanceOf(DeviceClosedError);
    await closing;
    expect(lanes.device.closed).toBe(true);
  });
});
