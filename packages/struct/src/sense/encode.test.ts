import { describe, expect, it } from 'vitest';
import { SenseKey } from '../tables/sense-keys.js';
import { decodeSense } from './decode.js';
import { encodeSense } from './encode.js';

describe('encodeSense', () => {
  it('builds fixed-format sense that decodes to the same facts', () => {
    const b = encodeSense({ key: SenseKey.MEDIUM_ERROR, asc: 0x11, ascq: 0x00, information: 0x1234 });
    expect(Array.from(b.subarray(0, 8))).toEqual([0xf0, 0, 3, 0, 0, 0x12, 0x34, 10]);
    expect(decodeSense(b)).toMatchObject({ senseKey: SenseKey.MEDIUM_ERROR, asc: 0x11, ascq: 0, valid: true, information: 0x1234n, current: true });
    expect(Array.from(encodeSense({ key: 5, asc: 0x24 }))).toEqual([0x70, 0, 5, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x24, 0, 0, 0, 0, 0]);
  });

  it('builds descriptor-format and deferred sense', () => {
    const b = encodeSense({ key: SenseKey.MEDIUM_ERROR, asc: 0x11, information: 0x1_0000_0000n, descriptor: true, deferred: true });
    expect(b.length).toBe(20);
    expect(decodeSense(b)).toMatchObject({ senseKey: SenseKey.MEDIUM_ERROR, asc: 0x11, information: 0x1_0000_0000n, current: false });
    expect(Array.from(encodeSense({ key: 6, asc: 0x29, descriptor: true }))).toEqual([0x72, 6, 0x29, 0, 0, 0, 0, 0]);
  });

  it('refuses values that do not fit', () => {
    expect(() => encodeSense({ key: 16, asc: 0 })).toThrow(RangeError);
    expect(() => encodeSense({ key: 3, asc: 0x11, information: 0x1_0000_0000n })).toThrow(/descriptor: true/);
  });
});
