import { describe, expect, it } from 'vitest';
import { defineCdb, defineLayout } from './index.js';
import { ascii, bits, bytes, control, flag, u16, u32, u64 } from './fields.js';
import { FieldRangeError, FieldTypeError } from '../errors/field-errors.js';

const cdb = defineCdb({
  id: 'setterProbe',
  name: 'SETTER PROBE',
  opcode: 0xc1,
  length: 16,
  direction: 'in',
  effect: 'read',
  fields: { mode: bits(1, 7, 3), urgent: flag(1, 0), lba: u64(2), count: u16(10), tag: bytes(12, 2), control: control(15) },
});

describe('fieldSetter', () => {
  it('overwrites one field in place and gives the same bytes as encoding everything again', () => {
    const target = new Uint8Array(20);
    cdb.encodeInto(target, 2, { mode: 5, urgent: true, lba: 0xffff_ffff_ffffn, count: 0xffff, tag: Uint8Array.of(9, 9), control: 0x80 });
    const setLba = cdb.fieldSetter('lba');
    const setCount = cdb.fieldSetter('count');
    setLba(target, 2, 0x1234_5678_9a);
    setCount(target, 2, 7);
    const expected = new Uint8Array(20);
    cdb.encodeInto(expected, 2, { mode: 5, urgent: true, lba: 0x1234_5678_9a, count: 7, tag: Uint8Array.of(9, 9), control: 0x80 });
    expect(target).toEqual(expected);
    setLba(target, 2, 2n ** 64n - 1n);
    expect(cdb.decode(target.subarray(2)).lba).toBe(2n ** 64n - 1n);
  });

  it('clears a flag, keeps the bits beside it, and clears the rest of a shorter byte string', () => {
    const target = cdb.encode({ mode: 7, urgent: true, tag: Uint8Array.of(1, 2) });
    cdb.fieldSetter('urgent')(target, 0, false);
    cdb.fieldSetter('mode')(target, 0, 2);
    expect(cdb.decode(target)).toMatchObject({ mode: 2, urgent: false });
    cdb.fieldSetter('urgent')(target, 0, true);
    expect(cdb.decode(target)).toMatchObject({ mode: 2, urgent: true });
    cdb.fieldSetter('tag')(target, 0, Uint8Array.of(5));
    expect([...target.subarray(12, 14)]).toEqual([5, 0]);
    const page = defineLayout({ name: 'Name page', length: 6, fields: { id: u16(0), name: ascii(2, 4) } });
    const bytesOf = page.encode({ id: 3, name: 'ABCD' });
    page.fieldSetter('name')(bytesOf, 0, 'XY');
    expect(page.decode(bytesOf)).toEqual({ id: 3, name: 'XY' });
  });

  it('validates like encode and leaves the target alone when the value is refused', () => {
    const target = cdb.encode({ count: 3, urgent: true });
    const before = Uint8Array.from(target);
    expect(() => cdb.fieldSetter('count')(target, 0, 0x10000)).toThrow(FieldRangeError);
    expect(() => cdb.fieldSetter('count')(target, 0, 'x' as unknown as number)).toThrow(FieldTypeError);
    expect(() => cdb.fieldSetter('urgent')(target, 0, 1 as unknown as boolean)).toThrow(FieldTypeError);
    expect(() => cdb.fieldSetter('tag')(target, 0, new Uint8Array(3))).toThrow(FieldRangeError);
    expect(target).toEqual(before);
  });

  it('refuses an unknown field and a target without room', () => {
    expect(() => cdb.fieldSetter('nope' as 'lba')).toThrow(expect.objectContaining({ code: 'EFIELD_UNKNOWN' }) as Error);
    const set = cdb.fieldSetter('count');
    expect(() => set(new Uint8Array(15), 0, 1)).toThrow(RangeError);
    expect(() => set(new Uint8Array(20), 5, 1)).toThrow(/needs 16 bytes at offset 5/);
    expect(() => set(new Uint8Array(20), -1, 1)).toThrow(RangeError);
    const layout = defineLayout({ name: 'Pair', length: 8, fields: { a: u32(0), b: u32(4) } });
    const two = layout.encode({ a: 1, b: 2 });
    layout.fieldSetter('b')(two, 0, 0xffff_ffff);
    expect(layout.decode(two)).toEqual({ a: 1, b: 0xffff_ffff });
  });
});
