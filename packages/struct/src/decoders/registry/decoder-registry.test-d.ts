import { describe, expectTypeOf, it } from 'vitest';
import { decodeLogPage, type LogPage } from '../log/dispatch.js';
import { decodeVpdPage, type VpdPage } from '../vpd/dispatch.js';
import { DecoderRegistry } from './decoder-registry.js';
import { createDecoderRegistry, standardDecoders } from './standard-decoders.js';

const pack = {
  name: 'vendor',
  commands: [],
  logPages: [{ pageCode: 0x30, name: 'Vendor log', decode: (_b: Uint8Array) => ({ hours: 1 }) }],
} as const;

describe('decoder registry types', () => {
  it('keeps the built-in result types without a registry', () => {
    expectTypeOf(decodeVpdPage(new Uint8Array(4))).toEqualTypeOf<VpdPage>();
    expectTypeOf(decodeLogPage(new Uint8Array(4))).toEqualTypeOf<LogPage>();
  });

  it('adds a pack page type to the results of a registry that uses the pack', () => {
    const decoders = createDecoderRegistry().use(pack);
    const _page = decodeLogPage(new Uint8Array(4), decoders);
    expectTypeOf<{ readonly hours: number }>().toExtend<typeof _page>();
    expectTypeOf<LogPage>().toExtend<typeof _page>();
    expectTypeOf(decodeLogPage(new Uint8Array(4), new DecoderRegistry().use(pack))).toExtend<{ hours: number } | LogPage>();
  });

  it('types the standard registry with the built-in pages', () => {
    expectTypeOf(decodeVpdPage(new Uint8Array(4), standardDecoders)).toExtend<VpdPage>();
  });
});
