/**
 * Data to send through a bsg node from a buffer that straddles a page
 * boundary, against LIO (the second target), whose COMPARE AND WRITE takes
 * the write block from the compare block's scatter-gather element: sgio
 * sends such a buffer from a page of its own (out-bounce.ts), as the sg
 * driver does. Before, 1 to 3 runs of 10 wrote the bytes beside the buffer
 * to the medium, over io_uring and over SG_IO alike.
 */
import { addressOf, pageSize } from '@sgio/libc';
import { requireLab, setUpLio, tearDownLio } from '@sgio/lab';
import { compareAndWrite } from '@sgio/struct';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BsgDevice } from '../../device/bsg-device.js';
import { SgDevice } from '../../device/sg-device.js';

requireLab('The bsg data-out bounce lab test');

let path = '';

beforeAll(async () => {
  const [lio] = await setUpLio({ initiators: 1, sizeMb: 16 });
  path = lio!.path;
  // the nexus's first command sees the power-on unit attention: the default retry takes it
  await using dev = await SgDevice.open(path, { via: 'sg' });
  await dev.testUnitReady();
});

afterAll(async () => {
  await tearDownLio();
});

describe('COMPARE AND WRITE on LIO through the bsg node', () => {
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
