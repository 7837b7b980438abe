/** Decoder fixtures: REPORT TARGET PORT GROUPS data from scsi_debug, and the ACME health log. */
import { DecodeError, LOG_PARAMETER_HEADER_LAYOUT, createDecoderRegistry, decodeLogPage, standardDecoders } from '@sgio/struct';
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

/** Builds a log page from parameters, with the public parameter header layout. */
function logPage(page: number, params: [code: number, value: Uint8Array][]): Uint8Array {
  const parts = params.map(([code, value]) => {
    const out = new Uint8Array(4 + value.length);
    LOG_PARAMETER_HEADER_LAYOUT.encodeInto(out, 0, { parameterCode: code, formatAndLinking: 3, parameterLength: value.length });
    out.set(value, 4);
    return out;
  });
  const length = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(4 + length);
  out.set([page, 0, length >> 8, length & 0xff]);
  let o = 4;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('decodeAcmeHealthLog', () => {
  it('names the ACME parameters and keeps unknown ones', () => {
    const page = logPage(0x30, [
      [0x0000, bytes('00 00 9c 40')],
      [0x0001, bytes('07')],
      [0x0002, bytes('00 01 00 00')],
      [0x0003, new TextEncoder().encode('B2024.7 ')],
      [0x8000, bytes('ab cd')],
    ]);
    const log = decodeAcmeHealthLog(page);
    expect(log).toMatchObject({ powerOnHours: 40000, mediaWearPercent: 7, spareBlocks: 65536, firmwareBuild: 'B2024.7' });
    expect(log.unknown.map((p) => p.parameterCode)).toEqual([0x8000]);
  });

  it('leaves absent parameters undefined', () => {
    expect(decodeAcmeHealthLog(logPage(0x30, []))).toEqual({ powerOnHours: undefined, mediaWearPercent: undefined, spareBlocks: undefined, firmwareBuild: undefined, unknown: [] });
  });

  it('refuses another page', () => {
    expect(() => decodeAcmeHealthLog(logPage(0x0d, []))).toThrow(/not the ACME health page/);
  });
});

describe('the pack in a decoder registry', () => {
  const page = logPage(0x30, [
    [0x0000, bytes('00 00 00 2a')],
    [0x0001, bytes('03')],
  ]);

  it('decodes the ACME health log page by page code once the registry uses the pack', () => {
    const decoders = createDecoderRegistry().use(acmeCommands);
    expect(decoders.logDecoder(0x30)?.name).toBe('ACME health');
    const log = decodeLogPage(page, decoders) as AcmeHealthLog;
    expect(log).toMatchObject({ powerOnHours: 42, mediaWearPercent: 3 });
    // the built-in pages still decode as before
    expect(decodeLogPage(logPage(0x0d, []), decoders)).toMatchObject({ pageCode: 0x0d, pageName: 'Temperature' });
  });

  it('leaves page 0x30 generic without the pack', () => {
    expect(decodeLogPage(page)).toMatchObject({ pageCode: 0x30, generic: true });
    expect(standardDecoders.logDecoder(0x30)).toBeUndefined();
  });
});
