/**
 * SgDevice's `via` on the real kernel: under `auto` (the default) the
 * asynchronous commands that may take the ring (indirect IO, no sg flags)
 * go through the device's bsg node over io_uring where the kernel has it
 * (the lab's Linux 7.2), set up at the first such command; mmap-ed and
 * direct IO stay on the sg fd, and so do writes (sg_dd reads back what they
 * wrote); results, data and typed errors are the same as through the sg
 * driver, on scsi_debug and on LIO (4096-byte blocks, receive buffers at
 * any offset). On a kernel without the handler (6.1) every command stays on
 * the sg driver and `via: 'bsg-io-uring'` fails at open.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, renameSync, rmSync } from 'node:fs';
import { asyncPoolStats } from '@sgio/libc';
import { firstDevice, requireLab, setUpLio, tearDownLio } from '@sgio/lab';
import { read10, read16, testUnitReady, write10 } from '@sgio/struct';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckConditionError } from '../errors/scsi-errors.js';
import { TransportUnavailableError } from '../errors/sgio-error.js';
import { caught } from '../test-support/caught.js';
import { BsgDevice } from './bsg-device.js';
import { bsgPathFor } from './bsg-path.js';
import { SgDevice } from './sg-device.js';

requireLab('The SgDevice via lab test');

const BLOCK = { blockSize: 512 };
let path: string;
/** Whether this kernel's bsg takes commands over io_uring. */
let uring: boolean;
/** 64 blocks at LBA 8192, each filled with its index plus 3. */
const pattern = new Uint8Array(64 * 512);
for (let b = 0; b < 64; b++) pattern.fill((b + 3) & 0xff, b * 512, (b + 1) * 512);

beforeAll(async () => {
  path = firstDevice().path;
  await using dev = await SgDevice.open(path, { via: 'sg' });
  await dev.execute(testUnitReady);
  await dev.execute(write10, { lba: 8192, transferLength: 64 }, { ...BLOCK, data: pattern });
  const probe = await BsgDevice.open(path, { readOnly: true });
  uring = probe.transport.capabilities.kind === 'bsg-uring';
  await probe.close();
});

describe('SgDevice via auto', () => {
  it('sends indirect commands through the bsg ring from the first one, with the same data as SG_IO on the sg fd', async () => {
    await using dev = await SgDevice.open(path);
    expect(dev.via).toBe('auto');
    // nothing is set up before an asynchronous command needs it
    expect(dev.ringTransport).toBeUndefined();
    const into = new Uint8Array(64 * 512);
    const r = await dev.execute(read16, { lba: 8192n, transferLength: 64 }, { ...BLOCK, receive: into });
    expect(into).toEqual(pattern);
    expect(r.transferred).toBe(64 * 512);
    expect(r.transfer).toBe('indirect');
    const route = dev.asyncRoute();
    if (uring) {
      expect(route).toEqual({ via: 'bsg-io-uring', bsgPath: bsgPathFor(path), reason: expect.stringMatching(/takes SCSI commands over io_uring/), maxTransferBytes: expect.any(Number) });
      expect(dev.ringTransport!.stats().commands).toBe(1);
      expect(dev.queueStats().submitted).toBe(0);
    } else {
      expect(route.via).toBe('sg');
      expect(route.reason).toMatch(/EOPNOTSUPP|io_uring/);
      expect(dev.ringTransport).toBeUndefined();
      expect(dev.queueStats().submitted).toBe(1);
    }
    // the synchronous path is the sg fd's SG_IO either way
    const sync = dev.executeSync(read16, { lba: 8192n, transferLength: 64 }, BLOCK);
    expect(sync.data).toEqual(pattern);
  });

  it('keeps mmap-ed IO, direct IO and queueAt on the sg fd, and a prepared submit() follows the same rule', async () => {
    await using dev = await SgDevice.open(path, { reservedSize: 64 * 1024 });
    dev.mapReservedBuffer();
    const mm = await dev.execute(read10, { lba: 8192, transferLength: 8 }, { ...BLOCK, transfer: 'mmap' });
    expect(mm.transfer).toBe('mmap');
    expect(mm.data).toEqual(pattern.subarray(0, 8 * 512));
    const direct = await dev.execute(read10, { lba: 8200, transferLength: 8 }, { ...BLOCK, transfer: 'direct' });
    expect(direct.data).toEqual(pattern.subarray(8 * 512, 16 * 512));
    await dev.execute(testUnitReady, {}, { queueAt: 'head' });
    expect(dev.queueStats().submitted).toBe(3);
    expect(dev.ringTransport).toBeUndefined();
    // a prepared indirect request takes the ring; a prepared mmap-ed one the sg queue
    const buf = new Uint8Array(4096);
    const indirect = dev.prepare(read10, { lba: 8208, transferLength: 8 }, { ...BLOCK, receive: buf });
    await indirect.submit();
    expect(buf).toEqual(pattern.subarray(16 * 512, 24 * 512));
    const mapped = dev.prepare(read10, { lba: 8216, transferLength: 8 }, { ...BLOCK, transfer: 'mmap' });
    await mapped.submit();
    expect(mapped.data!.subarray(0, 4096)).toEqual(pattern.subarray(24 * 512, 32 * 512));
    expect(dev.queueStats().submitted).toBe(uring ? 4 : 5);
    if (uring) expect(dev.ringTransport!.stats().commands).toBe(1);
  });

  it('keeps writes on the sg driver (sg_dd reads back what they wrote), and gives the typed error a bad command gives on the sg fd', async () => {
    await using dev = await SgDevice.open(path);
    await using sg = await SgDevice.open(path, { via: 'sg' });
    await dev.execute(testUnitReady); // the ring is up from here on (where the kernel has it)
    const data = new Uint8Array(8 * 512).map((_, i) => (i * 7 + 1) & 0xff);
    await dev.execute(write10, { lba: 9000, transferLength: 8 }, { ...BLOCK, data });
    // a command that sends data goes through the sg driver, which copies it into buffers of its own
    expect(dev.queueStats().submitted).toBe(uring ? 1 : 2);
    const out = `/tmp/sg-async-route-${process.pid}.bin`;
    try {
      execFileSync('sg_dd', [`if=${path}`, `of=${out}`, 'bs=512', 'skip=9000', 'count=8'], { stdio: 'ignore' });
      expect(new Uint8Array(readFileSync(out))).toEqual(data);
    } finally {
      rmSync(out, { force: true });
    }
    if (uring) expect(dev.ringTransport!.stats().commands).toBe(1); // the TEST UNIT READY
    // past the end of the disk: ILLEGAL REQUEST, LBA out of range, through either way
    const { blocks } = await sg.readCapacity();
    const [viaRoute, viaSg] = await Promise.all([caught(dev.execute(read16, { lba: blocks, transferLength: 1 }, BLOCK)), caught(sg.execute(read16, { lba: blocks, transferLength: 1 }, BLOCK))]);
    expect(viaRoute).toBeInstanceOf(CheckConditionError);
    expect(viaSg).toBeInstanceOf(CheckConditionError);
    const [a, b] = [viaRoute as CheckConditionError, viaSg as CheckConditionError];
    expect([a.code, a.senseKey, a.asc, a.ascq, a.message]).toEqual([b.code, b.senseKey, b.asc, b.ascq, b.message]);
    expect([a.senseKey, a.asc]).toEqual([5, 0x21]);
    // and 1 MiB in one command: the ring maps the transfer as the sg driver does
    const big = await dev.execute(read16, { lba: 0n, transferLength: 2048 }, BLOCK);
    const bigSg = sg.executeSync(read16, { lba: 0n, transferLength: 2048 }, BLOCK);
    expect(big.transferred).toBe(1024 * 1024);
    expect(big.data).toEqual(bigSg.data);
  });

  it('runs a read-only device without starting a worker thread, where the ring opens', async () => {
    const before = asyncPoolStats().threads;
    await using dev = await SgDevice.open(path, { readOnly: true });
    const r = await dev.execute(read10, { lba: 8192, transferLength: 4 }, BLOCK);
    expect(r.data).toEqual(pattern.subarray(0, 4 * 512));
    if (uring) {
      expect(dev.asyncRoute().via).toBe('bsg-io-uring');
      expect(asyncPoolStats().threads).toBe(before);
      expect(dev.queueStats().submitted).toBe(0);
    } else {
      expect(dev.queueStats().submitted).toBe(1);
    }
  });

  it('stays on the sg driver when the bsg node does not open, and says why', async () => {
    const node = bsgPathFor(path);
    const aside = `${node}.aside`;
    renameSync(node, aside);
    try {
      await using dev = await SgDevice.open(path);
      const r = await dev.execute(read10, { lba: 8192, transferLength: 1 }, BLOCK);
      expect(r.data).toEqual(pattern.subarray(0, 512));
      expect(dev.asyncRoute()).toEqual({ via: 'sg', reason: expect.stringMatching(/has no bsg node/) });
      expect(dev.queueStats().submitted).toBe(1);
      const e = await caught(SgDevice.open(path, { via: 'bsg-io-uring' }));
      expect(e).toBeInstanceOf(TransportUnavailableError);
      expect((e as Error).message).toMatch(/has no bsg node.*via 'auto'/);
    } finally {
      renameSync(aside, node);
    }
  });
});

describe('SgDevice via auto: the largest transfers', () => {
  it('sends a transfer the ring cannot map (more pages than the host has scatter-gather elements) through the sg driver', async () => {
    await using dev = await SgDevice.open(path);
    const route = dev.asyncRoute();
    if (route.via !== 'bsg-io-uring') return expect(route.via).toBe('sg'); // no ring on this kernel: everything is the sg driver's
    const max = route.maxTransferBytes!;
    expect(max % 512).toBe(0);
    // at the limit: the ring (a buffer that does not start on a page spans one page more)
    const atLimit = await dev.execute(read16, { lba: 0n, transferLength: max / 512 }, BLOCK);
    expect(atLimit.transferred).toBe(max);
    expect(dev.ringTransport!.stats().commands).toBe(1);
    // one block more: the sg driver, which gathers it in chunks of its own (the ring answered EINVAL for 8 MiB on 2048 elements)
    const over = await dev.execute(read16, { lba: 0n, transferLength: max / 512 + 1 }, BLOCK);
    expect(over.transferred).toBe(max + 512);
    expect(dev.queueStats().submitted).toBe(1);
    // (compared as Buffers: a deep equality of 8 MiB element by element is far too slow in the guest)
    expect(Buffer.compare(over.data!.subarray(0, max), atLimit.data!)).toBe(0);
  });
});

describe('SgDevice via sg and bsg-io-uring', () => {
  it("via 'sg' never opens the ring; via 'bsg-io-uring' opens it at open or fails there", async () => {
    await using sg = await SgDevice.open(path, { via: 'sg' });
    await sg.execute(read10, { lba: 8192, transferLength: 1 }, BLOCK);
    expect(sg.asyncRoute()).toEqual({ via: 'sg', reason: "opened with via 'sg'" });
    expect(sg.queueStats().submitted).toBe(1);
    if (uring) {
      await using ring = await SgDevice.open(path, { via: 'bsg-io-uring' });
      expect(ring.ringTransport).toBeDefined();
      const r = await ring.execute(read10, { lba: 8192, transferLength: 2 }, BLOCK);
      expect(r.data).toEqual(pattern.subarray(0, 1024));
    } else {
      const e = await caught(SgDevice.open(path, { via: 'bsg-io-uring' }));
      expect(e).toBeInstanceOf(TransportUnavailableError);
    }
    // an adopted fd stays on the sg driver: other holders may share it
    const adopted = SgDevice.fromFd(sg.fd, { close: false });
    expect(adopted.via).toBe('sg');
    await adopted.close();
    await expect(SgDevice.open(path, { via: 'ring' as never })).rejects.toThrow(TypeError);
  });

  it('close() waits for the commands in the ring, which keep their results, and closes the bsg fd', async () => {
    const dev = await SgDevice.open(path);
    const pending = Array.from({ length: 32 }, (_, i) => dev.execute(read10, { lba: 8192 + (i % 64), transferLength: 1 }, BLOCK));
    const closing = dev.close();
    const results = await Promise.allSettled(pending);
    await closing;
    // commands handed to the kernel before close() complete with their data; none is left unsettled
    for (const [i, r] of results.entries()) {
      if (r.status === 'fulfilled') expect(r.value.data).toEqual(pattern.subarray((i % 64) * 512, (i % 64 + 1) * 512));
      else expect((r.reason as Error).name).toMatch(/Canceled/);
    }
    if (uring) {
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      // each fd's target, read here: an fd another thread closes meanwhile is skipped (`ls -l` failed on one in CI)
      const targets = readdirSync('/proc/self/fd').map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      });
      expect(targets.join('\n')).not.toContain(bsgPathFor(path));
    }
  });
});

describe('SgDevice via auto on LIO (the second target), 4096-byte blocks', () => {
  let lioPath = '';
  beforeAll(async () => {
    const [lio] = await setUpLio({ initiators: 1, sizeMb: 16, blockSize: 4096 });
    lioPath = lio!.path;
    // the nexus's first command sees the power-on unit attention: the default retry takes it
    await using dev = await SgDevice.open(lioPath, { via: 'sg' });
    await dev.testUnitReady();
  });
  afterAll(async () => {
    await tearDownLio();
  });

  it('reads through the ring into buffers at any offset what sg_dd reads, and fails a read past the end as the sg fd does', async () => {
    await using dev = await SgDevice.open(lioPath);
    await using sg = await SgDevice.open(lioPath, { via: 'sg' });
    const bs = 4096;
    const blocks = 24;
    const data = new Uint8Array(blocks * bs).map((_, i) => (i * 13 + (i >> 12)) & 0xff);
    sg.writeBlocksSync(200, data, { blockSize: bs });
    const out = `/tmp/sg-async-route-lio-${process.pid}.bin`;
    try {
      execFileSync('sg_dd', [`if=${lioPath}`, `of=${out}`, `bs=${bs}`, 'skip=200', `count=${blocks}`], { stdio: 'ignore' });
      const reference = new Uint8Array(readFileSync(out));
      expect(Buffer.compare(reference, data)).toBe(0);
      // receive buffers that start at a page boundary, 16 bytes past one and 512 past one, one to eight blocks
      const backing = new Uint8Array((blocks + 2) * bs);
      for (const offset of [0, 16, 512]) {
        for (const count of [1, 3, 8]) {
          for (const first of [0, 5, blocks - count]) {
            const into = backing.subarray(offset, offset + count * bs);
            into.fill(0xee);
            const r = await dev.execute(read16, { lba: BigInt(200 + first), transferLength: count }, { blockSize: bs, receive: into });
            expect(r.transferred, `offset ${offset}, ${count} at ${first}`).toBe(count * bs);
            expect(Buffer.compare(into, reference.subarray(first * bs, (first + count) * bs)), `offset ${offset}, ${count} at ${first}`).toBe(0);
          }
        }
      }
    } finally {
      rmSync(out, { force: true });
    }
    if (uring) expect(dev.ringTransport!.stats().commands).toBe(27);
    else expect(dev.asyncRoute().via).toBe('sg');
    const { blocks: capacity } = await sg.readCapacity();
    const [viaRoute, viaSg] = await Promise.all([
      caught(dev.execute(read16, { lba: capacity, transferLength: 1 }, { blockSize: bs })),
      caught(sg.execute(read16, { lba: capacity, transferLength: 1 }, { blockSize: bs })),
    ]);
    expect(viaRoute).toBeInstanceOf(CheckConditionError);
    const [a, b] = [viaRoute as CheckConditionError, viaSg as CheckConditionError];
    expect([a.code, a.senseKey, a.asc, a.ascq, a.message]).toEqual([b.code, b.senseKey, b.asc, b.ascq, b.message]);
  });
});
