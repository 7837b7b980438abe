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

  it('carries a progress indication in the sense-key specific bytes, fixed and descriptor format', () => {
    const fixed = encodeSense({ key: SenseKey.NOT_READY, asc: 0x04, ascq: 0x09, progress: 0.25 });
    expect(Array.from(fixed.subarray(15, 18))).toEqual([0x80, 0x40, 0x00]);
    expect(decodeSense(fixed).senseKeySpecific).toMatchObject({ kind: 'progress', fraction: 0.25 });
    const desc = encodeSense({ key: SenseKey.NO_SENSE, asc: 0, progress: 0.5, information: 7, descriptor: true });
    expect(desc.length).toBe(28);
    expect(desc[7]).toBe(20);
    expect(decodeSense(desc)).toMatchObject({ information: 7n, senseKeySpecific: { kind: 'progress', fraction: 0.5 } });
    expect(decodeSense(encodeSense({ key: 2, asc: 4, progress: 1 })).senseKeySpecific).toMatchObject({ kind: 'progress', fraction: 65535 / 65536 });
    expect(() => encodeSense({ key: 2, asc: 4, progress: 1.5 })).toThrow(/progress/);
  });

  it('refuses values that do not fit', () => {
    expect(() => encodeSense({ key: 16, asc: 0 })).toThrow(RangeError);
    expect(() => encodeSense({ key: 3, asc: 0x11, information: 0x1_0000_0000n })).toThrow(/descriptor: true/);
  });
});
