import { describe, expect, it } from 'vitest';
import { decodeLogPage } from '../log/dispatch.js';
import { decodeModePage } from '../mode/dispatch.js';
import { decodeModeSense } from '../mode/split.js';
import { decodeVpdPage } from '../vpd/dispatch.js';
import { DecoderConflictError, DecoderRegistry } from './decoder-registry.js';
import { createDecoderRegistry, standardDecoders } from './standard-decoders.js';

const logPage = (page: number, subpage = 0): Uint8Array => Uint8Array.of(page | (subpage ? 0x40 : 0), subpage, 0, 0);
const vpdPage = (pdt: number, page: number): Uint8Array => Uint8Array.of(pdt, page, 0, 4, 1, 2, 3, 4);

const vendorPack = {
  name: 'vendor',
  commands: [],
  vpdPages: [{ pageCode: 0xc0, name: 'Vendor VPD', decode: (b: Uint8Array) => ({ vendorVpd: b[4]! }) }],
  modePages: [{ pageCode: 0x20, name: 'Vendor mode', decode: (b: Uint8Array) => ({ vendorMode: b[2]! }) }],
  logPages: [
    { pageCode: 0x30, name: 'Vendor log', decode: () => ({ vendorLog: 'any' }) },
    { pageCode: 0x31, subpageCode: 0x01, name: 'Vendor log sub', decode: () => ({ vendorLog: 'sub' }) },
    { pageCode: 0x32, name: 'Tape log', decode: () => ({ vendorLog: 'tape' }), deviceTypes: [1] },
  ],
} as const;

describe('standardDecoders', () => {
  it('holds the built-in decoders', () => {
    expect(standardDecoders.vpdPages().map((d) => d.pageCode)).toEqual([0x00, 0x80, 0x83, 0x86, 0x89, 0xb0, 0xb1, 0xb2]);
    expect(standardDecoders.modePages().map((d) => d.pageCode)).toEqual([0x01, 0x08, 0x0a, 0x1c]);
    expect(standardDecoders.logPages().map((d) => `${d.pageCode}/${d.subpageCode ?? 0}`)).toEqual(['0/0', '0/255', '2/0', '3/0', '4/0', '5/0', '6/0', '8/0', '13/0', '13/1', '14/0', '16/0', '17/0', '21/0', '21/1', '47/0']);
    expect(standardDecoders.packs().map((p) => p.name)).toEqual(['standard-pages']);
  });

  it('limits the SBC VPD pages to block devices', () => {
    expect(standardDecoders.vpdDecoder(0xb0, 0)?.name).toBe('Block Limits');
    expect(standardDecoders.vpdDecoder(0xb0, 1)).toBeUndefined();
    expect(standardDecoders.vpdDecoder(0x80, 1)?.name).toBe('Unit Serial Number');
  });
});

describe('DecoderRegistry', () => {
  it('decodes a pack page by page code once the pack is used', () => {
    const decoders = createDecoderRegistry().use(vendorPack);
    expect(decodeLogPage(logPage(0x30), decoders)).toEqual({ vendorLog: 'any' });
    expect(decodeLogPage(logPage(0x31, 1), decoders)).toEqual({ vendorLog: 'sub' });
    expect(decodeVpdPage(vpdPage(0, 0xc0), decoders)).toEqual({ vendorVpd: 1 });
    expect(decodeModePage(Uint8Array.of(0x20, 2, 7, 0), decoders)).toEqual({ vendorMode: 7 });
    // built-ins still there
    expect(decodeLogPage(Uint8Array.of(0x0d, 0, 0, 0), decoders)).toMatchObject({ pageCode: 0x0d, pageName: 'Temperature' });
  });

  it('leaves the standard registry unchanged and decodes unknown pages generically', () => {
    createDecoderRegistry().use(vendorPack);
    expect(decodeLogPage(logPage(0x30))).toMatchObject({ pageCode: 0x30, generic: true });
    expect(decodeVpdPage(vpdPage(0, 0xc0))).toMatchObject({ pageCode: 0xc0, generic: true });
  });

  it('chooses decoders by device type', () => {
    const decoders = new DecoderRegistry().use(vendorPack);
    expect(decodeLogPage(logPage(0x32), decoders, 1)).toEqual({ vendorLog: 'tape' });
    expect(decodeLogPage(logPage(0x32), decoders, 0)).toMatchObject({ generic: true });
    expect(decodeLogPage(logPage(0x32), decoders)).toMatchObject({ generic: true });
  });

  it('decodes MODE SENSE data with the registry', () => {
    const data = Uint8Array.of(7, 0, 0, 0, 0x20, 2, 9, 0);
    expect(decodeModeSense(data, 6, new DecoderRegistry().use(vendorPack)).pages).toEqual([{ vendorMode: 9 }]);
    expect(decodeModeSense(data, 6).pages[0]).toMatchObject({ generic: true, pageCode: 0x20 });
  });

  it('refuses a page taken for the same device types with EDECODER_CONFLICT, registering nothing of the pack', () => {
    const decoders = createDecoderRegistry();
    const clash = { name: 'clash', commands: [], vpdPages: [{ pageCode: 0xc1, name: 'fine', decode: () => 1 }], logPages: [{ pageCode: 0x0d, name: 'My temperature', decode: () => 0 }] };
    expect(() => decoders.use(clash)).toThrow(DecoderConflictError);
    expect(() => decoders.use(clash)).toThrow(/log page 0x0d\/0x00 \('My temperature' from pack 'clash'\) is already decoded by 'Temperature'/);
    expect(decoders.vpdDecoder(0xc1)).toBeUndefined();
    expect(decoders.packs().map((p) => p.name)).toEqual(['standard-pages']);
    try {
      decoders.use(clash);
    } catch (err) {
      expect((err as DecoderConflictError).code).toBe('EDECODER_CONFLICT');
    }
    // a decoder limited to other device types does not clash
    expect(() => createDecoderRegistry().use({ name: 'tape', logPages: [{ pageCode: 0x0d, name: 'Tape temperature', decode: () => 0, deviceTypes: [1] }] })).not.toThrow();
  });

  it('checks entries', () => {
    expect(() => new DecoderRegistry().use({ name: 'bad', logPages: [{ pageCode: 0x40, name: 'x', decode: () => 0 }] })).toThrow(/pageCode must be 0..0x3f/);
    expect(() => new DecoderRegistry().use({ name: 'bad', vpdPages: [{ pageCode: 0xc0, name: 'x', decode: 5 as never }] })).toThrow(/decode must be a function/);
  });

  it('clones', () => {
    const a = new DecoderRegistry().use(vendorPack);
    const b = a.clone();
    expect(b.logDecoder(0x30)?.name).toBe('Vendor log');
    b.use({ name: 'more', logPages: [{ pageCode: 0x33, name: 'more', decode: () => 0 }] });
    expect(a.logDecoder(0x33)).toBeUndefined();
  });
});
