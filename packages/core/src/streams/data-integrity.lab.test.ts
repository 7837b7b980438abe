/**
 * Data integrity on the real sg driver: patterns written with writeBlocks
 * and read back with readBlocks in every transfer mode (indirect, direct,
 * mmap), with 10- and 16-byte CDBs, sync and async, on 512- and 4096-byte
 * sectors, from one block up to the reserved-buffer maximum; compared by
 * SHA-256 with what was written and with what sg_dd reads from the same LBAs.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadScsiDebug, requireLab } from '@sgio/lab';
import type { BlockCdbSize } from '../commands/block-cdb.js';
import { SgDevice } from '../device/sg-device.js';
import { alignedBuffer } from '../execute/aligned.js';
import type { TransferMode } from '../execute/options.js';

requireLab('The data integrity lab test');

const ALLOW_DIO = '/sys/module/sg/parameters/allow_dio';
const MODES: readonly TransferMode[] = ['indirect', 'direct', 'mmap'];
const CDB_SIZES: readonly BlockCdbSize[] = [10, 16];
/** Largest reserved buffer asked for; the driver may grant less (it caps at the queue's max_sectors). */
const RESERVED_WANTED = 4 * 1024 * 1024;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Deterministic bytes; each block starts with its LBA so misplaced blocks show. */
function pattern(lba: number, count: number, blockSize: number, seed: number): Uint8Array {
  const out = new Uint8Array(count * blockSize);
  const view = new DataView(out.buffer);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < out.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    view.setUint32(i, x >>> 0);
  }
  for (let b = 0; b < count; b++) view.setUint32(b * blockSize, lba + b);
  return out;
}

function sgDdRead(path: string, blockSize: number, lba: number, count: number): Uint8Array {
  const file = `/tmp/sgio-integrity-${process.pid}.bin`;
  try {
    execFileSync('sg_dd', [`if=${path}`, `of=${file}`, `bs=${blockSize}`, `skip=${lba}`, `count=${count}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(file);
  } finally {
    rmSync(file, { force: true });
  }
}

describe.each([
  { profile: 'default', blockSize: 512 },
  { profile: '4k', blockSize: 4096 },
] as const)('data integrity, $profile profile ($blockSize-byte sectors)', ({ profile, blockSize }) => {
  let dev: SgDevice;
  let path: string;
  let maxBlocks: number;
  let allowDio: string;

  beforeAll(async () => {
    const [d] = await reloadScsiDebug(profile);
    path = d!.path;
    allowDio = readFileSync(ALLOW_DIO, 'utf8').trim();
    writeFileSync(ALLOW_DIO, '1');
    dev = await SgDevice.open(path);
    await dev.testUnitReady();
    const granted = dev.setReservedSize(RESERVED_WANTED);
    dev.mapReservedBuffer();
    maxBlocks = Math.floor(Math.min(granted, RESERVED_WANTED) / blockSize);
    expect(maxBlocks).toBeGreaterThanOrEqual(64);
    expect((await dev.readCapacity()).blockSize).toBe(blockSize);
  });
  afterAll(async () => {
    await dev.close();
    writeFileSync(ALLOW_DIO, allowDio);
    if (profile !== 'default') await reloadScsiDebug('default');
  });

  it('round-trips every mode, CDB size and transfer size, and sg_dd reads the same bytes', async () => {
    const counts = [1, 3, 64, maxBlocks - 1, maxBlocks];
    let lba = 0;
    let seed = 1;
    const written: { lba: number; count: number; sum: string; label: string }[] = [];
    for (const mode of MODES) {
      for (const cdbSize of CDB_SIZES) {
        for (const [i, count] of counts.entries()) {
          const label = `${mode} READ/WRITE(${cdbSize}) ${count} blocks at ${lba}`;
          const data = pattern(lba, count, blockSize, seed++);
          const sync = i % 2 === 1;
          const options = { transfer: mode, cdbSize };
          if (sync) dev.writeBlocksSync(lba, data, options);
          else await dev.writeBlocks(lba, data, options);
          // read into a separate (aligned for direct) buffer, so nothing is shared with what was written
          const into = mode === 'direct' ? alignedBuffer(count * blockSize) : i === 0 ? undefined : new Uint8Array(count * blockSize);
          const read = sync ? dev.readBlocksSync(BigInt(lba), count, { ...options, ...(into ? { into } : {}) }) : await dev.readBlocks(lba, count, { ...options, ...(into ? { into } : {}) });
          expect(read.length, label).toBe(count * blockSize);
          const sum = sha256(data);
          expect(sha256(read), label).toBe(sum);
          written.push({ lba, count, sum, label });
          lba += count + 1;
        }
      }
    }
    await dev.synchronizeCache();
    for (const w of written) expect(sha256(sgDdRead(path, blockSize, w.lba, w.count)), `sg_dd vs ${w.label}`).toBe(w.sum);
  });

  it('direct IO really is direct with allow_dio=1 and an aligned buffer', async () => {
    const count = Math.min(maxBlocks, 256);
    const lba = Number(dev.cachedCapacity!.blocks) - 1024;
    const data = pattern(lba, count, blockSize, 99);
    await dev.writeBlocks(lba, data, { transfer: 'direct' });
    const cdb = new Uint8Array(16);
    cdb[0] = 0x88;
    new DataView(cdb.buffer).setBigUint64(2, BigInt(lba));
    new DataView(cdb.buffer).setUint32(10, count);
    const r = await dev.execute(cdb, { receive: alignedBuffer(count * blockSize), transfer: 'direct' });
    expect(r.transfer).toBe('direct');
    expect(sha256(r.data!)).toBe(sha256(data));
  });

  it('sg_dd writes and readBlocks reads the same bytes (the other direction)', async () => {
    const count = Math.min(maxBlocks, 512);
    const lba = Number(dev.cachedCapacity!.blocks) - 600;
    const data = pattern(lba, count, blockSize, 1234);
    const file = `/tmp/sgio-integrity-in-${process.pid}.bin`;
    writeFileSync(file, data);
    try {
      execFileSync('sg_dd', [`if=${file}`, `of=${path}`, `bs=${blockSize}`, `seek=${lba}`, `count=${count}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    } finally {
      rmSync(file, { force: true });
    }
    for (const mode of MODES) expect(sha256(await dev.readBlocks(lba, count, { transfer: mode })), mode).toBe(sha256(data));
  });
});
