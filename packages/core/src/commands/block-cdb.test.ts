/** Host tests: block CDB choice and encoding, checked against the DSL definitions. */
import { read10, read16, verify10, verify16, write10, write16 } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { BlockCdbEncoder, blockCommandName, checkLba, chooseCdbSize, fitsCdb10 } from './block-cdb.js';
import { encodeUnmapList, MAX_UNMAP_DESCRIPTORS } from './unmap-list.js';

describe('chooseCdbSize', () => {
  it('uses 10 bytes while the LBA fits 32 bits and the count 16 bits', () => {
    expect(chooseCdbSize(0n, 1)).toBe(10);
    expect(chooseCdbSize(0xffff_ffffn, 0xffff)).toBe(10);
    expect(chooseCdbSize(0x1_0000_0000n, 1)).toBe(16);
    expect(chooseCdbSize(0n, 0x10000)).toBe(16);
    expect(fitsCdb10(5n, 65536)).toBe(false);
  });

  it('honours a forced size and refuses a 10-byte CDB that cannot address the range', () => {
    expect(chooseCdbSize(0n, 1, 16)).toBe(16);
    expect(() => chooseCdbSize(2n ** 32n, 1, 10)).toThrow(/cdbSize 16/);
    expect(() => chooseCdbSize(0n, 1, 12 as 10)).toThrow(/10 or 16/);
  });

  it('checks LBAs', () => {
    expect(checkLba(7)).toBe(7n);
    expect(() => checkLba(-1)).toThrow(/non-negative/);
    expect(() => checkLba(1.5)).toThrow();
    expect(() => checkLba(2n ** 64n)).toThrow(/2\^64/);
  });
});

describe('BlockCdbEncoder', () => {
  const enc = new BlockCdbEncoder();
  it('encodes exactly what the DSL definitions encode', () => {
    expect(enc.encode('read', 0x12345678n, 0x100, 10, { fua: true })).toEqual(read10.encode({ lba: 0x12345678, transferLength: 0x100, fua: true }));
    expect(enc.encode('read', 2n ** 40n + 3n, 70000, 16, { dpo: true })).toEqual(read16.encode({ lba: 2n ** 40n + 3n, transferLength: 70000, dpo: true }));
    expect(enc.encode('write', 9n, 1, 10)).toEqual(write10.encode({ lba: 9, transferLength: 1 }));
    expect(enc.encode('write', 9n, 1, 16, { fua: true })).toEqual(write16.encode({ lba: 9n, transferLength: 1, fua: true }));
    expect(enc.encode('verify', 9n, 8, 10, { bytchk: 1 })).toEqual(verify10.encode({ lba: 9, verificationLength: 8, bytchk: 1 }));
    expect(enc.encode('verify', 9n, 8, 16)).toEqual(verify16.encode({ lba: 9n, verificationLength: 8 }));
  });

  it("names each CDB it encodes by its definition's name", () => {
    expect(blockCommandName('read', 10)).toBe(read10.name);
    expect(blockCommandName('read', 16)).toBe('READ(16)');
    expect(blockCommandName('write', 10)).toBe(write10.name);
    expect(blockCommandName('write', 16)).toBe(write16.name);
    expect(blockCommandName('verify', 10)).toBe(verify10.name);
    expect(blockCommandName('verify', 16)).toBe(verify16.name);
  });

  it('reuses its two buffers and clears flags between commands', () => {
    const a = enc.encode('read', 1n, 1, 10, { fua: true });
    const b = enc.encode('read', 1n, 1, 10);
    expect(a).toBe(b);
    expect(b[1]).toBe(0);
  });
});

describe('encodeUnmapList', () => {
  it('writes the header and one descriptor per range', () => {
    const list = encodeUnmapList([
      { lba: 1, count: 2 },
      { lba: 2n ** 40n, count: 0xffffffff },
    ]);
    const v = new DataView(list.buffer);
    expect(list.length).toBe(40);
    expect([v.getUint16(0), v.getUint16(2)]).toEqual([38, 32]);
    expect([v.getBigUint64(8), v.getUint32(16)]).toEqual([1n, 2]);
    expect([v.getBigUint64(24), v.getUint32(32)]).toEqual([2n ** 40n, 0xffffffff]);
  });

  it('refuses empty, oversized and malformed lists', () => {
    expect(() => encodeUnmapList([])).toThrow(/at least one/);
    expect(() => encodeUnmapList(Array.from({ length: MAX_UNMAP_DESCRIPTORS + 1 }, () => ({ lba: 0, count: 1 })))).toThrow(/split/);
    expect(() => encodeUnmapList([{ lba: 0, count: -1 }])).toThrow(/ranges\[0\]\.count/);
  });
});
