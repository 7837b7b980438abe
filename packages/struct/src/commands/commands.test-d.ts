import { describe, expectTypeOf, it } from 'vitest';
import type { CdbDefinition } from '../dsl/cdb.js';
import { ataPassThrough16, inquiry, read16, space6, standardCommands } from './index.js';

describe('built-in command types', () => {
  it('read16.encode takes typed optional fields', () => {
    type In = NonNullable<Parameters<typeof read16.encode>[0]>;
    expectTypeOf<In>().toEqualTypeOf<{
      rdprotect?: number;
      dpo?: boolean;
      fua?: boolean;
      rarc?: boolean;
      dld2?: boolean;
      lba?: bigint | number;
      transferLength?: number;
      dld1?: boolean;
      dld0?: boolean;
      groupNumber?: number;
      control?: number;
    }>();
  });
  it('decode returns every field, 64-bit LBAs as bigint, signed counts as number', () => {
    expectTypeOf(read16.decode).returns.toHaveProperty('lba').toEqualTypeOf<bigint>();
    expectTypeOf(inquiry.decode).returns.toEqualTypeOf<{ evpd: boolean; pageCode: number; allocationLength: number; control: number }>();
    expectTypeOf(space6.decode).returns.toHaveProperty('count').toEqualTypeOf<number>();
  });
  it('keeps literal ids and fits the generic definition type', () => {
    expectTypeOf(read16.id).toEqualTypeOf<'read16'>();
    expectTypeOf(ataPassThrough16.id).toEqualTypeOf<'ataPassThrough16'>();
    expectTypeOf(inquiry).toMatchTypeOf<CdbDefinition>();
    expectTypeOf(standardCommands.get).returns.toEqualTypeOf<CdbDefinition | undefined>();
  });
  it('rejects unknown fields and wrong types', () => {
    // @ts-expect-error no such field
    read16.encode({ lab: 1 });
    // @ts-expect-error fua is a boolean
    read16.encode({ fua: 1 });
    // @ts-expect-error evpd is a boolean
    inquiry.encode({ evpd: 'yes' });
  });
});
