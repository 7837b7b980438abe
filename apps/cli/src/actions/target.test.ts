import { describe, expect, it } from 'vitest';
import { target } from './target.js';

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
});
