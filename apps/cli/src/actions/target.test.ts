import { describe, expect, it } from 'vitest';
import { parseSelfTestFailure, target } from './target.js';

describe('sgio target', () => {
  it('needs exactly one of --memory and --file', async () => {
    await expect(target({ name: 'x', blockSize: 512 })).rejects.toThrow(/--memory SIZE or --file PATH/);
    await expect(target({ name: 'x', blockSize: 512, memory: 1 << 20, file: '/nonexistent' })).rejects.toThrow(/not both/);
  });

  it('refuses a uio device that is not a TCMU device, without leaving anything behind', async () => {
    await expect(target({ name: 'x', blockSize: 512, memory: 1 << 20, uio: '/dev/not-uio' })).rejects.toMatchObject({ code: 'ETCMU_UIO' });
  });

  it.each([0, 65536, 1.5])('refuses --max-transfer %s before it opens anything', async (maxTransfer) => {
    await expect(target({ name: 'x', blockSize: 512, memory: 1 << 20, uio: '/dev/not-uio', maxTransfer })).rejects.toThrow(/--max-transfer: the maximum transfer must be 1\.\.65535 blocks/);
  });

  it('parses --self-test-fail KEY/ASC/ASCQ[@LBA], refusing anything else before it opens anything', async () => {
    expect(parseSelfTestFailure('3/0x11/0@4096')).toEqual({ sense: { key: 3, asc: 0x11, ascq: 0 }, lba: 4096 });
    expect(parseSelfTestFailure('4/0x3e/3')).toEqual({ sense: { key: 4, asc: 0x3e, ascq: 3 } });
    for (const bad of ['3/0x11', '16/0/0', '3/0x100/0', 'x/1/2', '3/1/2@lba']) expect(() => parseSelfTestFailure(bad)).toThrow(/KEY\/ASC\/ASCQ/);
    await expect(target({ name: 'x', blockSize: 512, memory: 1 << 20, uio: '/dev/not-uio', selfTestFail: 'nope' })).rejects.toThrow(/--self-test-fail/);
  });
});
