import { describe, expect, it } from 'vitest';
import { CommandSet, defineCdb, defineCommandPack, defineLayout, allocationLength, transferBlocks } from './index.js';
import { ascii, bits, bytes, control, flag, reserved, sbits, u16, u32, u64, u8, biguint } from './fields.js';
import { DecodeError } from '../errors/decode-error.js';
import { FieldRangeError, FieldTypeError } from '../errors/field-errors.js';
import { readBits, writeBits, readBigBits, writeBigBits } from './bit-codec.js';

const myRead = defineCdb({
  id: 'myRead',
  name: 'MY READ(12)',
  opcode: 0xc8,
  length: 13,
  direction: 'in',
  effect: 'read',
  dataLength: transferBlocks('blocks'),
  fields: {
    mode: bits(1, 7, 3, { description: 'a 3-bit mode' }),
    fua: flag(1, 3),
    lba: u64(2),
    blocks: u16(10, { default: 1 }),
    control: control(12),
  },
});

describe('bit codec', () => {
  it('writes and reads fields that cross byte boundaries (READ(6) LBA: byte 1 bit 4, 21 bits)', () => {
    const b = new Uint8Array(6);
    writeBits(b, 0, 1, 4, 21, 0x1abcde);
    expect([...b]).toEqual([0, 0x1a, 0xbc, 0xde, 0, 0]);
    expect(readBits(b, 0, 1, 4, 21)).toBe(0x1abcde);
  });
  it('leaves neighbouring bits alone', () => {
    const b = new Uint8Array([0xff, 0xff]);
    writeBits(b, 0, 0, 5, 4, 0);
    expect([...b]).toEqual([0b11000011, 0xff]);
    writeBits(b, 0, 0, 5, 4, 0b1010);
    expect(readBits(b, 0, 0, 5, 4)).toBe(0b1010);
  });
  it('handles 48-bit numbers and 64-bit bigints and numbers', () => {
    const b = new Uint8Array(8);
    writeBits(b, 0, 0, 7, 48, 0x123456789abc);
    expect([...b.subarray(0, 6)]).toEqual([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc]);
    expect(readBits(b, 0, 0, 7, 48)).toBe(0x123456789abc);
    writeBigBits(b, 0, 0, 7, 64, 0xfedcba9876543210n);
    expect([...b]).toEqual([0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10]);
    expect(readBigBits(b, 0, 0, 7, 64)).toBe(0xfedcba9876543210n);
    writeBigBits(b, 0, 0, 7, 64, 2 ** 40 + 5);
    expect(readBigBits(b, 0, 0, 7, 64)).toBe(2n ** 40n + 5n);
  });
});

describe('defineCdb', () => {
  it('encodes opcode, fields and defaults byte for byte', () => {
    const cdb = myRead.encode({ mode: 5, fua: true, lba: 0x0102030405060708n });
    expect([...cdb]).toEqual([0xc8, 0b10101000, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0]);
  });
  it('decodes back to named fields with defaults filled', () => {
    expect(myRead.decode(myRead.encode({ lba: 7 }))).toEqual({ mode: 0, fua: false, lba: 7n, blocks: 1, control: 0 });
  });
  it('encodeInto writes at an offset, zeroing stale bytes, and returns the length', () => {
    const target = new Uint8Array(20).fill(0xee);
    expect(myRead.encodeInto(target, 4, { lba: 1 })).toBe(13);
    expect([...target.subarray(0, 4)]).toEqual([0xee, 0xee, 0xee, 0xee]);
    expect([...target.subarray(4, 17)]).toEqual([0xc8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0]);
    expect(target[17]).toBe(0xee);
    expect(() => myRead.encodeInto(target, 10)).toThrow(RangeError);
  });
  it('names command and field in errors for bad values', () => {
    expect(() => myRead.encode({ mode: 8 })).toThrow(FieldRangeError);
    expect(() => myRead.encode({ mode: 8 })).toThrow(/MY READ\(12\): field 'mode' must be an integer 0\.\.7/);
    expect(() => myRead.encode({ mode: 1.5 })).toThrow(RangeError);
    expect(() => myRead.encode({ blocks: -1 })).toThrow(RangeError);
    expect(() => myRead.encode({ lba: 2n ** 64n })).toThrow(/field 'lba'/);
    expect(() => myRead.encode({ lba: 2 ** 60 })).toThrow(/pass a bigint/);
    // @ts-expect-error wrong type on purpose
    expect(() => myRead.encode({ fua: 1 })).toThrow(FieldTypeError);
    // @ts-expect-error unknown field on purpose
    expect(() => myRead.encode({ lab: 1 })).toThrow(/field 'lab' is not a field of MY READ\(12\)/);
  });
  it('computes direction and data length', () => {
    expect(myRead.directionOf()).toBe('in');
    expect(myRead.dataLengthOf({ blocks: 8 }, { blockSize: 4096 })).toBe(32768);
    expect(myRead.dataLengthOf()).toBe(512);
  });
  it('refuses overlapping fields and fields past the end', () => {
    expect(() => defineCdb({ id: 'bad', name: 'BAD', opcode: 1, length: 6, direction: 'none', effect: 'state', fields: { a: u8(1), b: bits(1, 3, 2) } })).toThrow(/overlaps/);
    expect(() => defineCdb({ id: 'bad', name: 'BAD', opcode: 1, length: 6, direction: 'none', effect: 'state', fields: { a: u32(4) } })).toThrow(/ends past/);
    expect(() => defineCdb({ id: 'bad', name: 'BAD', opcode: 1, length: 6, direction: 'none', effect: 'state', fields: { a: u8(0) } })).toThrow(/overlaps/);
  });
  it('writes the service action and refuses a CDB of another opcode or service action', () => {
    const sa = defineCdb({ id: 'saCmd', name: 'SA CMD', opcode: 0x9e, serviceAction: 0x10, length: 16, direction: 'in', effect: 'read', dataLength: allocationLength('alloc'), fields: { alloc: u32(10), control: control(15) } });
    const cdb = sa.encode({ alloc: 32 });
    expect(cdb[1]).toBe(0x10);
    expect(sa.dataLengthOf({ alloc: 32 })).toBe(32);
    cdb[1] = 0x11;
    expect(() => sa.decode(cdb)).toThrow(DecodeError);
    expect(() => sa.decode(new Uint8Array(3))).toThrow(DecodeError);
  });
});

describe('defineLayout', () => {
  const page = defineLayout({
    name: 'Test page',
    length: 12,
    fields: { code: bits(0, 5, 6), ps: flag(0, 7), r: reserved(1), vendor: ascii(2, 4), raw: bytes(6, 2), big: biguint(8, 7, 32) },
  });
  it('round-trips ascii, bytes and bigint fields', () => {
    const enc = page.encode({ code: 0x3f, ps: true, vendor: 'AB', raw: new Uint8Array([1, 2]), big: 5n });
    expect([...enc]).toEqual([0xbf, 0, 0x41, 0x42, 0x20, 0x20, 1, 2, 0, 0, 0, 5]);
    expect(page.decode(enc)).toEqual({ code: 0x3f, ps: true, vendor: 'AB', raw: new Uint8Array([1, 2]), big: 5n });
  });
  it('throws DecodeError naming the page for short input', () => {
    expect(() => page.decode(new Uint8Array(5))).toThrow(/Test page at byte offset 5/);
  });
  it('lists field metadata in byte order', () => {
    expect(page.fieldList.map((f) => f.name)).toEqual(['ps', 'code', 'vendor', 'raw', 'big']);
    expect(page.fieldList[1]).toMatchObject({ kind: 'uint', byte: 0, bit: 5, width: 6, max: 63 });
  });
  it('refuses non-ASCII and over-long strings', () => {
    expect(() => page.encode({ vendor: 'ABCDE' })).toThrow(/holds 4 characters/);
    expect(() => page.encode({ vendor: 'é' })).toThrow(/printable ASCII/);
  });
});

describe('CommandSet', () => {
  const pack = defineCommandPack({ name: 'test', commands: [myRead] });
  const set = new CommandSet().use(pack);
  it('looks up by id, kebab and T10 names, and opcode', () => {
    expect(set.get('myRead')).toBe(myRead);
    expect(set.get('my-read')).toBe(myRead);
    expect(set.get('MY READ(12)')).toBe(myRead);
    expect(set.byOpcode(0xc8)).toBe(myRead);
    expect(set.decode(myRead.encode({ lba: 9 })).fields.lba).toBe(9n);
  });
  it('refuses clashes and explains unknown names', () => {
    expect(() => set.register(myRead)).toThrow(/clashes/);
    expect(() => set.require('myReed')).toThrow(/unknown command 'myReed'/);
    expect(() => set.decode(new Uint8Array([0xc9, 0]))).toThrow(DecodeError);
  });
});

describe('signed fields (sbits)', () => {
  const spaceLike = defineCdb({ id: 'spaceLike', name: 'SPACE LIKE', opcode: 0xc1, length: 6, direction: 'none', effect: 'state', fields: { count: sbits(2, 7, 24), small: sbits(1, 3, 4) } });
  it('writes two\'s complement and reads the sign back', () => {
    expect([...spaceLike.encode({ count: -1, small: -8 })]).toEqual([0xc1, 0x08, 0xff, 0xff, 0xff, 0]);
    expect(spaceLike.decode(spaceLike.encode({ count: -0x800000, small: 7 }))).toEqual({ count: -0x800000, small: 7 });
    expect(spaceLike.decode(spaceLike.encode({ count: 0x7fffff }))).toEqual({ count: 0x7fffff, small: 0 });
  });
  it('refuses values outside the signed range and describes min/max', () => {
    expect(() => spaceLike.encode({ count: 0x800000 })).toThrow(/-8388608\.\.8388607/);
    expect(() => spaceLike.encode({ small: -9 })).toThrow(FieldRangeError);
    expect(spaceLike.fieldList[1]).toMatchObject({ name: 'count', kind: 'int', min: -0x800000, max: 0x7fffff });
    expect(() => sbits(0, 7, 1)).toThrow(/2\.\.53/);
  });
});

describe('device-type specific opcodes', () => {
  const general = defineCdb({ id: 'generalCmd', name: 'GENERAL', opcode: 0xc2, length: 6, direction: 'none', effect: 'state', fields: { a: u8(1) } });
  const tape = defineCdb({ id: 'tapeCmd', name: 'TAPE ONLY', opcode: 0xc2, length: 6, direction: 'none', effect: 'state', deviceTypes: [1], fields: { b: u8(2) } });
  const set = new CommandSet().use(defineCommandPack({ name: 'mixed', commands: [general, tape] }));
  it('lets a device-specific definition share an opcode with a general one', () => {
    expect(set.lookup(general.encode())).toBe(general);
    expect(set.lookup(general.encode(), { deviceType: 0 })).toBe(general);
    expect(set.lookup(tape.encode(), { deviceType: 1 })).toBe(tape);
    expect(set.byOpcode(0xc2, undefined, { deviceType: 1 })).toBe(tape);
    expect(set.decode(tape.encode({ b: 5 }), { deviceType: 1 }).fields).toEqual({ b: 5 });
  });
  it('still refuses overlapping device types, and bad type lists', () => {
    const tape2 = defineCdb({ id: 'tapeCmd2', name: 'TAPE TOO', opcode: 0xc2, length: 6, direction: 'none', effect: 'state', deviceTypes: [1, 8], fields: {} });
    expect(() => set.register(tape2)).toThrow(/limit one of them with deviceTypes/);
    const other = defineCdb({ id: 'changerCmd', name: 'CHANGER', opcode: 0xc2, length: 6, direction: 'none', effect: 'state', deviceTypes: [8], fields: {} });
    expect(() => new CommandSet().use(defineCommandPack({ name: 'x', commands: [general, tape, other] }))).not.toThrow();
    expect(() => defineCdb({ id: 'bad', name: 'BAD', opcode: 1, length: 6, direction: 'none', effect: 'state', deviceTypes: [], fields: {} })).toThrow(/at least one/);
    expect(() => defineCdb({ id: 'bad', name: 'BAD', opcode: 1, length: 6, direction: 'none', effect: 'state', deviceTypes: [32], fields: {} })).toThrow(/0\.\.31/);
  });
  it('finds nothing when only other device types define the opcode', () => {
    const only = new CommandSet().register(tape);
    expect(only.lookup(tape.encode(), { deviceType: 0 })).toBeUndefined();
    expect(only.lookup(tape.encode())).toBe(tape);
  });
});

describe('encode fast paths', () => {
  it('inline writers still route bad values to the validating writer', () => {
    expect(() => myRead.encode({ blocks: 1.5 })).toThrow(FieldRangeError);
    expect(() => myRead.encode({ blocks: 0x10000 })).toThrow(/0\.\.65535/);
    // @ts-expect-error wrong type on purpose
    expect(() => myRead.encode({ blocks: '1' })).toThrow(FieldTypeError);
    // @ts-expect-error wrong type on purpose
    expect(() => myRead.encode({ fua: null })).toThrow(FieldTypeError);
    expect(() => myRead.encode({ lba: -1n })).toThrow(FieldRangeError);
    expect(() => myRead.encode({ lba: 0.5 })).toThrow(FieldRangeError);
  });
  it('writes 64-bit numbers and bigints alike, and non-zero defaults only when omitted', () => {
    expect([...myRead.encode({ lba: 2 ** 53 - 1 })]).toEqual([...myRead.encode({ lba: 2n ** 53n - 1n })]);
    expect([...myRead.encode({ lba: 0xffffffffffffffffn })].slice(2, 10)).toEqual([255, 255, 255, 255, 255, 255, 255, 255]);
    expect(myRead.encode({ blocks: 0 })[11]).toBe(0);
    expect(myRead.encode({ blocks: undefined })[11]).toBe(1);
  });
  it('survives a getter that encodes with the same definition (re-entrancy)', () => {
    const values = {
      lba: 1,
      get mode(): number {
        myRead.encode({ blocks: 9 });
        return 2;
      },
    };
    expect(myRead.decode(myRead.encode(values))).toEqual({ mode: 2, fua: false, lba: 1n, blocks: 1, control: 0 });
  });
});
