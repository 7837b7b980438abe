import { describe, expectTypeOf, it } from 'vitest';
import { defineCdb, defineLayout, transferBlocks, type CdbDefinition } from './index.js';
import { ascii, bits, bytes, control, flag, reserved, u16, u64 } from './fields.js';

// A third party's command, written here as an outside author would.
const vendorRead = defineCdb({
  id: 'vendorRead',
  name: 'VENDOR READ',
  opcode: 0xc0,
  length: 16,
  direction: 'in',
  effect: 'read',
  dataLength: transferBlocks('count'),
  fields: { mode: bits(1, 7, 3), urgent: flag(1, 0), lba: u64(2), count: u16(10), tag: bytes(12, 2), pad: reserved(14), control: control(15) },
});

describe('DSL type inference', () => {
  it('types encode() input from the definition', () => {
    type In = Parameters<typeof vendorRead.encode>[0];
    expectTypeOf<NonNullable<In>>().toEqualTypeOf<{
      mode?: number;
      urgent?: boolean;
      lba?: bigint | number;
      count?: number;
      tag?: Uint8Array;
      control?: number;
    }>();
  });
  it('types decode() output, without reserved fields', () => {
    expectTypeOf(vendorRead.decode).returns.toEqualTypeOf<{
      mode: number;
      urgent: boolean;
      lba: bigint;
      count: number;
      tag: Uint8Array;
      control: number;
    }>();
  });
  it('keeps the literal id and is assignable to the generic definition', () => {
    expectTypeOf(vendorRead.id).toEqualTypeOf<'vendorRead'>();
    expectTypeOf(vendorRead).toMatchTypeOf<CdbDefinition>();
  });
  it('rejects wrong field names and types at compile time', () => {
    // @ts-expect-error unknown field
    vendorRead.encode({ lab: 1 });
    // @ts-expect-error wrong type
    vendorRead.encode({ urgent: 1 });
    // @ts-expect-error reserved fields are not settable
    vendorRead.encode({ pad: 0 });
  });
  it('infers data layouts too', () => {
    const page = defineLayout({ name: 'p', length: 8, fields: { vendor: ascii(0, 8) } });
    expectTypeOf(page.decode).returns.toEqualTypeOf<{ vendor: string }>();
  });
});

describe('fieldSetter types', () => {
  it('takes only value fields and the field input type', () => {
    const setLba = vendorRead.fieldSetter('lba');
    expectTypeOf(setLba).parameter(2).toEqualTypeOf<bigint | number>();
    expectTypeOf(vendorRead.fieldSetter('urgent')).parameter(2).toEqualTypeOf<boolean>();
    expectTypeOf(vendorRead.fieldSetter('tag')).parameter(2).toEqualTypeOf<Uint8Array>();
    expectTypeOf(vendorRead.fieldSetter).parameter(0).toEqualTypeOf<'mode' | 'urgent' | 'lba' | 'count' | 'tag' | 'control'>();
  });
});
