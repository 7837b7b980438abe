/** SES decoders on hand-made pages: the cases the sg_ses peer test (test/ses.peer.test.ts) does not reach. */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../errors/decode-error.js';
import { decodeSesAdditionalElementStatus } from './additional-element-status.js';
import { decodeSesConfiguration, sesElementPositions } from './configuration.js';
import { encodeSesIndicatorControl } from './enclosure-control.js';
import { decodeSesEnclosureStatus } from './enclosure-status.js';
import { joinSesPages } from './join.js';
import { decodeSupportedDiagnosticPages, splitDiagnosticPages } from './pages.js';

const page = (code: number, body: number[], byte1 = 0): Uint8Array => Uint8Array.from([code, byte1, body.length >> 8, body.length & 0xff, ...body]);
const gen = [0, 0, 0, 7];

/** A configuration of 2 device slots (01h) and 1 voltage sensor (12h), generation 7. */
function smallConfig(): Uint8Array {
  const enclosure = [0x00, 0x00, 2, 36, ...new Array<number>(36).fill(0x20)];
  enclosure.fill(0, 4, 12);
  return page(0x01, [...gen, ...enclosure, 0x01, 2, 0, 2, 0x12, 1, 0, 0, 0x44, 0x53]);
}

describe('SES configuration and positions', () => {
  it('counts elements with and without the overall ones', () => {
    const c = decodeSesConfiguration(smallConfig());
    expect(c.typeDescriptors.map((t) => [t.elementTypeName, t.possibleElements, t.text])).toEqual([
      ['Device slot', 2, 'DS'],
      ['Voltage sensor', 1, ''],
    ]);
    expect(sesElementPositions(c).map((p) => [p.typeIndex, p.index, p.withOverallIndex, p.elementIndex])).toEqual([
      [0, -1, 0, undefined],
      [0, 0, 1, 0],
      [0, 1, 2, 1],
      [1, -1, 3, undefined],
      [1, 0, 4, 2],
    ]);
  });

  it('refuses another page, a short page and headers past the end', () => {
    expect(() => decodeSesConfiguration(page(0x02, [...gen]))).toThrow(DecodeError);
    expect(() => decodeSesConfiguration(Uint8Array.of(1, 0, 0))).toThrow(DecodeError);
    expect(() => decodeSesConfiguration(smallConfig().subarray(0, 50))).toThrow(/past the end/);
  });
});

describe('SES status, additional status without EIP, join', () => {
  const config = decodeSesConfiguration(smallConfig());
  const status = page(0x02, [...gen, 0x01, 0, 0, 0, 0x01, 0x05, 0x02, 0x20, 0x05, 0, 0, 0, 0x01, 0, 0, 0, 0x01, 0x80, 0x04, 0xb0], 0x01);

  it('decodes device slots with their slot address and keeps an undecoded type raw', () => {
    const s = decodeSesEnclosureStatus(status, config);
    expect(s.unrecoverable).toBe(true);
    expect(s.generationMatches).toBe(true);
    expect(s.elements[1]!.detail).toMatchObject({ kind: 'device-slot', slotAddress: 5, ident: true, faultRequested: true });
    expect(s.elements[2]!.statusName).toBe('Not installed');
    expect(s.elements[4]!.detail).toEqual({ kind: 'raw', hex: '8004b0' });
  });

  it('says when the page has fewer elements than the configuration', () => {
    expect(decodeSesEnclosureStatus(status.subarray(0, 16), config).truncated).toBe(true);
  });

  it('gives descriptors without EIP to the slots in order, and the join picks the first phy', () => {
    const phy = (sas: number): number[] => [0x10, 0, 0, 0x08, 0x50, 0, 0, 0, 0, 0, 0, 0x01, 0x50, 0, 0, 0, 0, 0, 0, sas, 0, 0, 0, 0, 0, 0, 0, 0];
    const d = (sas: number): number[] => [0x06, 2 + 28, 1, 0x00, ...phy(sas)];
    const aes = decodeSesAdditionalElementStatus(page(0x0a, [...gen, ...d(0x11), ...d(0x22)]), config);
    expect(aes.descriptors.map((x) => [x.eip, x.element?.index, x.sas?.kind])).toEqual([
      [false, 0, 'slot'],
      [false, 1, 'slot'],
    ]);
    const rows = joinSesPages({ configuration: config, status: decodeSesEnclosureStatus(status, config), additional: aes });
    expect(rows.filter((r) => r.sasAddress !== undefined).map((r) => [r.index, r.sasAddress, r.attachedSasAddress, r.slotNumber])).toEqual([
      [0, '0x5000000000000011', '0x5000000000000001', undefined],
      [1, '0x5000000000000022', '0x5000000000000001', undefined],
    ]);
    expect(rows[4]!.additional).toBeUndefined();
  });
});

describe('Enclosure Control page', () => {
  const config = decodeSesConfiguration(smallConfig());
  const status = page(0x02, [...gen, 0x01, 0, 0, 0, 0x41, 0x05, 0x02, 0x60, 0x05, 0, 0, 0, 0x01, 0, 0, 0, 0x01, 0x80, 0x04, 0xb0]);

  it('selects one element, keeps its control bits (PRDFAIL, IDENT), drops status-only ones (FAULT SENSED, slot address)', () => {
    const c = encodeSesIndicatorControl(status, config, { typeIndex: 0, index: 0 }, { fault: false });
    expect(Array.from(c.subarray(0, 8))).toEqual([0x02, 0, 0, 24, ...gen]);
    expect(Array.from(c.subarray(12, 16))).toEqual([0xc0, 0x00, 0x02, 0x00]);
    expect(c.filter((_, i) => i >= 8 && (i < 12 || i >= 16)).every((b) => b === 0)).toBe(true);
  });

  it('selects several elements in one page, and refuses none or one bad among them (nothing built)', () => {
    const c = encodeSesIndicatorControl(status, config, [{ typeIndex: 0, index: 0 }, { typeIndex: 0, index: 1 }], { ident: true });
    expect(Array.from(c.subarray(12, 20))).toEqual([0xc0, 0x00, 0x02, 0x20, 0x80, 0x00, 0x02, 0x00]);
    expect(() => encodeSesIndicatorControl(status, config, [], { ident: true })).toThrow(/no element to change/);
    expect(() => encodeSesIndicatorControl(status, config, [{ typeIndex: 0, index: 0 }, { typeIndex: 1, index: 0 }], { ident: true })).toThrow(/Voltage sensor/);
  });

  it('refuses a stale status page, an element the configuration lacks and a type without these indicators', () => {
    const stale = status.slice();
    stale[7] = 8;
    expect(() => encodeSesIndicatorControl(stale, config, { typeIndex: 0, index: 0 }, { ident: true })).toThrow(/generation code/);
    expect(() => encodeSesIndicatorControl(status, config, { typeIndex: 0, index: 2 }, { ident: true })).toThrow(/no element 0,2.*Device slot \(-1\.\.1\)/);
    expect(() => encodeSesIndicatorControl(status, config, { typeIndex: 1, index: 0 }, { ident: true })).toThrow(/Voltage sensor/);
  });
});

describe('diagnostic page helpers', () => {
  it('splits concatenated pages and refuses a page cut short', () => {
    const two = Uint8Array.from([...page(0x00, [0x00, 0x01, 0x02]), ...page(0x01, [1, 2])]);
    expect(splitDiagnosticPages(two).map((p) => [p.pageCode, p.bytes.length])).toEqual([
      [0x00, 7],
      [0x01, 6],
    ]);
    expect(decodeSupportedDiagnosticPages(splitDiagnosticPages(two)[0]!.bytes).pages).toEqual([0, 1, 2]);
    expect(() => splitDiagnosticPages(two.subarray(0, 9))).toThrow(DecodeError);
  });
});
