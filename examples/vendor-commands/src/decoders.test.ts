/** Decoder fixtures: the ACME health log. */
import { createDecoderRegistry, decodeLogPage, standardDecoders } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { decodeAcmeHealthLog, type AcmeHealthLog } from './acme-health-log.js';
import { acmeCommands } from './pack.js';

const bytes = (s: string): Uint8Array => Uint8Array.from(s.split(/\s+/).filter(Boolean), (h) => parseInt(h, 16));

/**
 * ACME health log page 0x30 written out by hand (SPC-6 log page and
 * parameter header layouts, format and linking 11b), not with the library's
 * encoder: header 30 00 00 27, then parameters 0000 (4 bytes), 0001 (1),
 * 0002 (4), 0003 (8, ASCII "B2024.7 ") and vendor 8000 (2).
 */
const ACME_PAGE = bytes(`
  30 00 00 27
  00 00 03 04  00 00 9c 40
  00 01 03 01  07
  00 02 03 04  00 01 00 00
  00 03 03 08  42 32 30 32 34 2e 37 20
  80 00 03 02  ab cd`);

describe('decodeAcmeHealthLog', () => {
  it('names the ACME parameters and keeps unknown ones', () => {
    expect(ACME_PAGE.length).toBe(4 + 0x27);
    const log = decodeAcmeHealthLog(ACME_PAGE);
    expect(log).toMatchObject({ powerOnHours: 40000, mediaWearPercent: 7, spareBlocks: 65536, firmwareBuild: 'B2024.7' });
    expect(log.unknown.map((p) => p.parameterCode)).toEqual([0x8000]);
  });

  it('leaves absent parameters undefined', () => {
    expect(decodeAcmeHealthLog(bytes('30 00 00 00'))).toEqual({ powerOnHours: undefined, mediaWearPercent: undefined, spareBlocks: undefined, firmwareBuild: undefined, unknown: [] });
  });

  it('refuses another page', () => {
    expect(() => decodeAcmeHealthLog(bytes('0d 00 00 00'))).toThrow(/not the ACME health page/);
  });
});

describe('the pack in a decoder registry', () => {
  it('decodes the ACME health log page by page code once the registry uses the pack', () => {
    const decoders = createDecoderRegistry().use(acmeCommands);
    expect(decoders.logDecoder(0x30)?.name).toBe('ACME health');
    const log = decodeLogPage(ACME_PAGE, decoders) as AcmeHealthLog;
    expect(log).toMatchObject({ powerOnHours: 40000, mediaWearPercent: 7 });
    // the built-in pages still decode as before
    expect(decodeLogPage(bytes('0d 00 00 00'), decoders)).toMatchObject({ pageCode: 0x0d, pageName: 'Temperature' });
  });

  it('leaves page 0x30 generic without the pack', () => {
    expect(decodeLogPage(ACME_PAGE)).toMatchObject({ pageCode: 0x30, generic: true });
    expect(standardDecoders.logDecoder(0x30)).toBeUndefined();
  });
});
