import { decodeReadCapacity10, decodeReadCapacity16 } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { capacityFrom10, capacityFrom16 } from './capacity.js';

/** READ CAPACITY(10) data: last LBA 0x1fff, then the block length. */
function rc10(blockLength: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, 0x1fff);
  new DataView(b.buffer).setUint32(4, blockLength);
  return b;
}

/** READ CAPACITY(16) data: last LBA 0x1fff, then the block length. */
function rc16(blockLength: number): Uint8Array {
  const b = new Uint8Array(32);
  new DataView(b.buffer).setBigUint64(0, 0x1fffn);
  new DataView(b.buffer).setUint32(8, blockLength);
  return b;
}

describe('capacity from a device', () => {
  it.each([512, 520, 4096, 65536])('accepts a block length of %i', (length) => {
    expect(capacityFrom10(decodeReadCapacity10(rc10(length))).blockSize).toBe(length);
    expect(capacityFrom16(decodeReadCapacity16(rc16(length))).bytes).toBe(0x2000n * BigInt(length));
  });

  it.each([0, 1, 255, 0x200000, 0xffffffff])('refuses a block length of %i with ERR_BAD_RESPONSE, before anything divides or allocates by it', (length) => {
    expect(() => capacityFrom10(decodeReadCapacity10(rc10(length)))).toThrow(expect.objectContaining({ code: 'ERR_BAD_RESPONSE', message: expect.stringMatching(/logical block length/) }));
    expect(() => capacityFrom16(decodeReadCapacity16(rc16(length)))).toThrow(expect.objectContaining({ code: 'ERR_BAD_RESPONSE' }));
  });
});
