/** REPORT TARGET PORT GROUPS parameter data: scsi_debug's answer and hand-written extended-header data. */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../errors/decode-error.js';
import { decodeTargetPortGroups, encodeSetTargetPortGroups } from './target-port-groups.js';

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


describe('SET TARGET PORT GROUPS parameter list', () => {
  it('a reserved header, then one descriptor per group: state in byte 0, group in bytes 2..3', () => {
    const bytes = encodeSetTargetPortGroups([
      { group: 1, state: 'standby' },
      { group: 0x0102, state: 0x0 },
      { group: 7, state: 'offline' },
    ]);
    expect(Buffer.from(bytes).toString('hex')).toBe('00000000' + '02000001' + '00000102' + '0e000007');
  });

  it('refuses states that cannot be set and groups out of range', () => {
    expect(() => encodeSetTargetPortGroups([{ group: 1, state: 0x4 }])).toThrow(/logical|not a state/);
    expect(() => encodeSetTargetPortGroups([{ group: 1, state: 'transitioning' as never }])).toThrow(/not a state it can set/);
    expect(() => encodeSetTargetPortGroups([{ group: 0x10000, state: 'standby' }])).toThrow(/0\.\.65535/);
  });
});
