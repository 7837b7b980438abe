/** Decoder fixtures: REPORT TARGET PORT GROUPS data from scsi_debug, and the ACME health log. */
import { DecodeError, createDecoderRegistry, decodeLogPage, standardDecoders } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { decodeAcmeHealthLog, type AcmeHealthLog } from './acme-health-log.js';
import { acmeCommands } from './pack.js';
import { decodeTargetPortGroups } from './target-port-groups.js';

const bytes = (s: string): Uint8Array => Uint8Array.from(s.split(/\s+/).filter(Boolean), (h) => parseInt(h, 16));

/** scsi_debug (Linux 6.1), `sg_rtpg -H /dev/sg0`. */
const SCSI_DEBUG_RTPG = bytes('00 00 00 18 00 01 01 00 00 00 00 01 00 00 00 01 03 08 01 80 00 00 00 01 00 00 00 02');

describe('decodeTargetPortGroups', () => {
  it("decodes scsi_debug's two port groups as sg_rtpg prints them", () => {
    const r = decodeTargetPortGroups(SCSI_DEBUG_RTPG);
    expect(r.format).toBe('length-only');
    expect(r.truncated).toBe(false);
    expect(r.groups).toEqual([
      { group: 0x100, preferred: false, accessState: 0, accessStateName: 'active/optimized', supportedStates: ['active/optimized'], statusCode: 0, vendorSpecific: 0, ports: [1] },
      { group: 0x180, preferred: false, accessState: 3, accessStateName: 'unavailable', supportedStates: ['unavailable'], statusCode: 0, vendorSpecific: 0, ports: [2] },
    ]);
  });

  it('reads the extended header when asked for format 1', () => {
    const data = bytes('00 00 00 10 10 05 00 00 80 ff 00 07 00 00 00 01 00 00 00 09');
    const r = decodeTargetPortGroups(data, 1);
    expect(r.format).toBe('extended');
    expect(r.implicitTransitionTime).toBe(5);
    expect(r.groups[0]).toMatchObject({ group: 7, preferred: true, accessStateName: 'active/optimized', ports: [9] });
    expect(r.groups[0]!.supportedStates).toHaveLength(7);
  });

  it('says when the buffer was too short for everything', () => {
    const r = decodeTargetPortGroups(SCSI_DEBUG_RTPG.subarray(0, 16));
    expect(r.truncated).toBe(true);
    expect(r.groups).toHaveLength(1);
  });

  it('throws a DecodeError on fewer than 4 bytes', () => {
    expect(() => decodeTargetPortGroups(bytes('00 00'))).toThrow(DecodeError);
  });
});

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
