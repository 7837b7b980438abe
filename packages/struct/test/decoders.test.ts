/** Unit tests of the decoders' rules for short, long and malformed input, and of the name functions. */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../src/errors/decode-error.js';
import * as d from '../src/decoders/index.js';
import { captured, handmade } from './support/fixtures.mjs';

describe('short allocation lengths give truncated results', () => {
  it('INQUIRY cut at 36 bytes keeps the identification and sets truncated', () => {
    const r = d.decodeInquiry(captured('default', 'inquiry')!.subarray(0, 36));
    expect(r).toMatchObject({ vendorId: 'Linux', productId: 'scsi_debug', truncated: true, versionDescriptors: [] });
    expect(() => d.decodeInquiry(new Uint8Array(4))).toThrow(DecodeError);
  });
  it('VPD 0x83 cut mid-descriptor keeps the whole descriptors', () => {
    const full = captured('default', 'vpd-83')!;
    const r = d.decodeDeviceIdentification(full.subarray(0, 40));
    expect(r.truncated).toBe(true);
    expect(r.designators.map((x) => x.designatorType)).toEqual(['t10-vendor-id']);
  });
  it('a designator running past a complete page is a DecodeError naming page and offset', () => {
    const bad = new Uint8Array([0, 0x83, 0, 6, 0x01, 0x03, 0, 8, 1, 2]);
    expect(() => d.decodeDeviceIdentification(bad)).toThrow(/Device Identification page at byte offset 4/);
  });
  it('REPORT LUNS with a huge list length returns the LUNs present', () => {
    const bytes = new Uint8Array(captured('multi', 'luns')!);
    bytes.set([0, 0, 0x10, 0], 0);
    const r = d.decodeReportLuns(bytes);
    expect(r).toMatchObject({ truncated: true, lunListLength: 0x1000 });
    expect(r.luns).toHaveLength(2);
  });
  it('MODE SENSE cut inside a page gives the pages that fit, the last one partial', () => {
    const full = captured('default', 'mode10-all')!;
    const r = d.decodeModeSense(full.subarray(0, 30), 10);
    expect(r.truncated).toBe(true);
    expect(r.pages.at(-1)!.truncated).toBe(true);
  });
  it('extra bytes after the declared length are ignored', () => {
    const full = captured('default', 'vpd-80')!;
    const padded = new Uint8Array(full.length + 32);
    padded.set(full);
    expect(d.decodeUnitSerialNumber(padded)).toEqual(d.decodeUnitSerialNumber(full));
  });
});

describe('decoded values', () => {
  it('READ CAPACITY(16) of the dif profile reports type 1 protection', () => {
    expect(d.decodeReadCapacity16(captured('dif', 'readcap16')!)).toMatchObject({ protEn: true, protectionType: 1, blockLength: 512 });
    expect(d.decodeReadCapacity16(captured('4k', 'readcap16')!)).toMatchObject({ blockLength: 4096, physicalBlockLength: 4096 });
    expect(d.decodeReadCapacity16(captured('thin', 'readcap16')!)).toMatchObject({ lbpme: true, lbprz: true });
  });
  it('INQUIRY names the device type from the T10 table', () => {
    expect(d.decodeInquiry(captured('default', 'inquiry')!)).toMatchObject({
      peripheralDeviceType: 0,
      peripheralDeviceTypeName: 'disk (direct access block device)',
      versionName: 'SPC-5',
    });
  });
  it('designators carry literal-typed association, type and code set', () => {
    const r = d.decodeDeviceIdentification(handmade('vpd-83-all-types.hex'));
    expect(r.designators[3]).toMatchObject({ association: 'lu', designatorType: 'uuid', codeSet: 'binary', uuid: '12345678-9abc-4def-8f01-23456789abcd' });
    expect(r.designators.at(-2)).toMatchObject({ association: 'target-device', designatorType: 'scsi-name-string', codeSet: 'utf8', text: 'iqn.2024-01.x', protocol: 'sas' });
  });
  it('LUN addresses: well-known, extended flat, long extended flat and Linux integers', () => {
    const lun = (hex: string) => d.decodeLunAddress(new Uint8Array(Buffer.from(hex, 'hex')));
    expect(lun('c101000000000000')).toMatchObject({ wellKnown: true, levels: [{ method: 'extended', kind: 'well-known', wellKnownName: 'report-luns' }] });
    expect(lun('d200123400000000').levels[0]).toMatchObject({ kind: 'extended-flat', extendedFlatLun: 0x1234 });
    // SAM-6: the long extended flat space LUN is 40 bits (bytes 1..5)
    expect(lun('e200000012345600').levels[0]).toMatchObject({ kind: 'long-extended-flat', extendedFlatLun: 0x1234 });
    expect(lun('e212345678900000').levels[0]).toMatchObject({ kind: 'long-extended-flat', extendedFlatLun: 0x1234567890 });
    expect(lun('0001000000000000').linuxLun).toBe(1n);
    expect(lun('4123000000000000').linuxLun).toBe(0x4123n);
    expect(lun('0101000500000000').levels).toEqual([
      { method: 'peripheral', busIdentifier: 1, targetOrLun: 1 },
      { method: 'peripheral', busIdentifier: 0, targetOrLun: 5 },
    ]);
  });
  it('dispatchers pick decoders and fall back to generic results with raw bytes', () => {
    expect(d.decodeVpdPage(captured('default', 'vpd-b0')!)).toHaveProperty('maximumTransferLength');
    expect(d.decodeVpdPage(new Uint8Array([0, 0x87, 0, 2, 0xab, 0xcd]))).toMatchObject({ generic: true, dataHex: 'abcd', pageName: 'Mode Page Policy' });
    expect(d.decodeModePage(new Uint8Array([0x08, 0x12, 0x04]))).toMatchObject({ pageName: 'Caching', wce: true, truncated: true });
    expect(d.decodeModePage(new Uint8Array([0x4a, 0x01, 0x00, 0x02, 7, 8]))).toMatchObject({ generic: true, subpageCode: 1, pageName: 'Control Extension', dataHex: '0708' });
    expect(d.decodeLogPage(handmade('log-10-self-test.hex'))).toHaveProperty('results');
    expect(d.decodeLogPage(new Uint8Array([0x07, 0, 0, 6, 0, 1, 3, 2, 0x12, 0x34]))).toMatchObject({ generic: true, parameters: [{ parameterCode: 1, value: 0x1234n }] });
  });
  it('page names', () => {
    expect(d.vpdPageName(0x83)).toBe('Device Identification');
    expect(d.vpdPageName(0xc5)).toBe('vendor specific VPD page 0xc5');
    expect(d.modePageName(0x1c, 0)).toBe('Informational Exceptions Control');
    expect(d.modePageName(0x3f, 0xff)).toBe('all pages and subpages');
    expect(d.logPageName(0x0d, 1)).toBe('Environmental Reporting');
    expect(d.logPageName(0x2f, 0xff)).toBe('Supported Subpages of log page 0x2f');
  });
});
