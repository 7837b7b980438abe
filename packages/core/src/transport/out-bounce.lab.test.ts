/**
 * Data to send through a bsg node from a buffer that crosses a page
 * boundary without starting on one, against LIO (the second target), whose
 * COMPARE AND WRITE builds its write phase as if the scatter-gather
 * elements were whole pages: sgio sends such a buffer from page-aligned
 * memory of its own (out-bounce.ts), as the sg driver does with indirect
 * IO. Before, over io_uring and over SG_IO alike, with 512-byte blocks 1 to
 * 3 runs of 10 wrote the bytes beside the buffer to the medium; with
 * 4096-byte blocks every run left the block unchanged while the command
 * reported success, and so did the sg node with direct IO (which maps the
 * caller's pages the same way). LIO's WRITE SAME takes its one block from
 * one element only: from a 4096-byte buffer that straddles a page it
 * refused a valid command (INVALID FIELD IN CDB) without the copy.
 */
import { addressOf, pageSize } from '@sgio/libc';
import { requireLab, setUpLio, tearDownLio } from '@sgio/lab';
import { compareAndWrite } from '@sgio/struct';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BsgDevice } from '../device/bsg-device.js';
import { SgDevice } from '../device/sg-device.js';

requireLab('The data-out bounce lab test');

const ALLOW_DIO = '/sys/module/sg/parameters/allow_dio';

let path = '';

/** Sets up LIO with `blockSize` around a describe block's tests. */
function lioAround(blockSize: 512 | 4096): void {
  beforeAll(async () => {
    const [lio] = await setUpLio({ initiators: 1, sizeMb: 16, blockSize });
    path = lio!.path;
    // the nexus's first command sees the power-on unit attention: the default retry takes it
    await using dev = await SgDevice.open(path, { via: 'sg' });
    await dev.testUnitReady();
  });
  afterAll(async () => {
    await tearDownLio();
  });
}

describe('COMPARE AND WRITE on LIO through the bsg node, 512-byte blocks', () => {
  lioAround(512);
  it.each(['auto', 'sg_io'] as const)('writes exactly the replacement from a buffer that straddles a page at its half (transport %s), in execute() and in a prepared request', async (transport) => {
    const block = 8190;
    const page = pageSize();
    // the bytes around the buffer are 0xee: a write block taken from beside it would show them
    const backing = new Uint8Array(4 * page).fill(0xee);
    const start = 2 * page - Number(addressOf(backing) % BigInt(page)) - 512;
    const data = backing.subarray(start, start + 1024);
    expect(Number((addressOf(data) + 512n) % BigInt(page))).toBe(0);
    const free = new Uint8Array(512);
    const mine = new Uint8Array(512).map((_, i) => (i * 3 + 1) & 0xff);
    await using sg = await SgDevice.open(path, { via: 'sg' });
    await using bsg = await BsgDevice.open(path, { transport });
    const fields = { lba: block, numberOfBlocks: 1, fua: false, dpo: false };
    const prepared = bsg.prepare(compareAndWrite, fields, { blockSize: 512, data });
    for (let run = 0; run < 20; run++) {
      data.set(free, 0);
      data.set(mine.map((b) => b ^ run), 512);
      sg.writeBlocksSync(block, free);
      await bsg.execute(compareAndWrite, fields, { blockSize: 512, data });
      expect(Buffer.from(sg.readBlocksSync(block, 1)).equals(Buffer.from(data.subarray(512))), `execute, run ${run}`).toBe(true);
      // a prepared request reads the caller's buffer as it is at each run
      sg.writeBlocksSync(block, free);
      data.set(mine.map((b) => b ^ (run + 100)), 512);
      if (run % 2 === 0) prepared.run();
      else await prepared.submit();
      expect(Buffer.from(sg.readBlocksSync(block, 1)).equals(Buffer.from(data.subarray(512))), `prepared, run ${run}`).toBe(true);
    }
  });
});

describe('Data-out on LIO through the bsg node, 4096-byte blocks (COMPARE AND WRITE, WRITE SAME)', () => {
  lioAround(4096);

  it.each([
    ['auto', 16],
    ['auto', 512],
    ['sg_io', 512],
  ] as const)('transport %s: writes exactly the replacement from an 8 KiB buffer %s bytes past a page boundary, in execute() and in a prepared request', async (transport, offset) => {
    const bs = 4096;
    const block = 100;
    const page = pageSize();
    const backing = new Uint8Array(6 * page).fill(0xee);
    const start = 2 * page - Number(addressOf(backing) % BigInt(page)) + offset;
    const data = backing.subarray(start, start + 2 * bs);
    expect(Number(addressOf(data) % BigInt(page))).toBe(offset);
    const free = new Uint8Array(bs).fill(0x11);
    const mine = new Uint8Array(bs).map((_, i) => (i * 7 + 3) & 0xff);
    await using sg = await SgDevice.open(path, { via: 'sg' });
    await using bsg = await BsgDevice.open(path, { transport });
    const fields = { lba: block, numberOfBlocks: 1, fua: false, dpo: false };
    const prepared = bsg.prepare(compareAndWrite, fields, { blockSize: bs, data });
    for (let run = 0; run < 6; run++) {
      data.set(free, 0);
      data.set(mine.map((b) => b ^ run), bs);
      sg.writeBlocksSync(block, free);
      await bsg.execute(compareAndWrite, fields, { blockSize: bs, data });
      expect(Buffer.from(sg.readBlocksSync(block, 1)).equals(Buffer.from(data.subarray(bs))), `execute, run ${run}`).toBe(true);
      sg.writeBlocksSync(block, free);
      data.set(mine.map((b) => b ^ (run + 100)), bs);
      if (run % 2 === 0) prepared.run();
      else await prepared.submit();
      expect(Buffer.from(sg.readBlocksSync(block, 1)).equals(Buffer.from(data.subarray(bs))), `prepared, run ${run}`).toBe(true);
    }
  });

  it.each(['auto', 'sg_io'] as const)('transport %s: compareAndWrite() (which joins the two blocks in a buffer of its own) writes exactly the replacement', async (transport) => {
    const bs = 4096;
    const block = 140;
    const free = new Uint8Array(bs).fill(0x33);
    await using sg = await SgDevice.open(path, { via: 'sg' });
    await using bsg = await BsgDevice.open(path, { transport });
    for (let run = 0; run < 6; run++) {
      const replacement = new Uint8Array(bs).map((_, i) => (i * 11 + run) & 0xff);
      sg.writeBlocksSync(block, free);
      await bsg.compareAndWrite(block, free, replacement, { blockSize: bs });
      expect(Buffer.from(sg.readBlocksSync(block, 1)).equals(Buffer.from(replacement)), `run ${run}`).toBe(true);
    }
  });
  it.each(['auto', 'sg_io'] as const)('transport %s: writeSame() of a 4096-byte block from a buffer 16 bytes past a page boundary writes it to every block of the range', async (transport) => {
    const bs = 4096;
    const page = pageSize();
    const backing = new Uint8Array(3 * page);
    const start = page - Number(addressOf(backing) % BigInt(page)) + 16;
    const block = backing.subarray(start, start + bs).map((_, i) => (i * 3 + 7) & 0xff);
    backing.set(block, start);
    const data = backing.subarray(start, start + bs);
    await using sg = await SgDevice.open(path, { via: 'sg' });
    await using bsg = await BsgDevice.open(path, { transport });
    sg.writeBlocksSync(300, new Uint8Array(4 * bs).fill(0x44));
    await bsg.writeSame(300, 4, { blockSize: bs, data });
    const back = sg.readBlocksSync(300, 4);
    for (let b = 0; b < 4; b++) expect(Buffer.compare(back.subarray(b * bs, (b + 1) * bs), data), `block ${b}`).toBe(0);
  });
});

describe('COMPARE AND WRITE on LIO through the sg node with direct IO, 4096-byte blocks', () => {
  lioAround(4096);
  let allowDioAtStart = '';
  beforeAll(() => {
    allowDioAtStart = readFileSync(ALLOW_DIO, 'utf8').trim();
    writeFileSync(ALLOW_DIO, '1');
  });
  afterAll(() => {
    writeFileSync(ALLOW_DIO, allowDioAtStart);
  });

  it('writes exactly the replacement from an 8 KiB buffer 512 bytes past a page boundary, with executeSync, execute and a prepared request, the driver doing direct IO', async () => {
    const bs = 4096;
    const block = 60;
    const page = pageSize();
    const backing = new Uint8Array(6 * page).fill(0xee);
    const start = 2 * page - Number(addressOf(backing) % BigInt(page)) + 512;
    const data = backing.subarray(start, start + 2 * bs);
    const free = new Uint8Array(bs).fill(0x22);
    const mine = new Uint8Array(bs).map((_, i) => (i * 5 + 9) & 0xff);
    await using sg = await SgDevice.open(path, { via: 'sg' });
    const fields = { lba: block, numberOfBlocks: 1, fua: false, dpo: false };
    const options = { blockSize: bs, data, transfer: 'direct' } as const;
    const prepared = sg.prepare(compareAndWrite, fields, options);
    for (let run = 0; run < 4; run++) {
      for (const how of ['executeSync', 'execute', 'run', 'submit'] as const) {
        sg.writeBlocksSync(block, free);
        data.set(free, 0);
        data.set(mine.map((b) => b ^ (run * 7 + how.length)), bs);
        let info: number;
        if (how === 'executeSync') info = sg.executeSync(compareAndWrite, fields, options).info;
        else if (how === 'execute') info = (await sg.execute(compareAndWrite, fields, options)).info;
        else {
          if (how === 'run') prepared.run();
          else await prepared.submit();
          info = prepared.status.info;
        }
        // info bits 1..2 = 2: the driver did direct IO (from the page-aligned copy)
        expect(info & 6, `${how}, run ${run}: direct IO`).toBe(2);
        expect(Buffer.from(sg.readBlocksSync(block, 1)).equals(Buffer.from(data.subarray(bs))), `${how}, run ${run}`).toBe(true);
      }
    }
  });
});
