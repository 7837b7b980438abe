/**
 * The decoders of the data the command-set additions return, on bytes
 * written by hand from the T10 parameter data tables (ZBC-2, SPC-6, SBC-5,
 * SSC-5, MMC-6), not from an encoder.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../errors/decode-error.js';
import { decodeAttributeList, decodeAttributeValues } from './attributes.js';
import { decodeConfiguration } from './configuration.js';
import { decodeCopyOperatingParameters } from './copy-operating-parameters.js';
import { decodeIdentifyingInformation } from './identifying-information.js';
import { decodeLbaStatus } from './lba-status.js';
import { decodeMediaSerialNumber } from './media-serial-number.js';
import { decodePhysicalElementStatus } from './physical-element-status.js';
import { decodeReadBlockLimits } from './read-block-limits.js';
import { decodeReferrals } from './referrals.js';
import { decodeStreamControl, decodeStreamStatus } from './streams.js';
import { decodeTimestamp, encodeSetTimestamp } from './timestamp.js';
import { decodeReportZones } from './zones.js';

const hex = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/), (b) => parseInt(b, 16));
const zeros = (n: number): string => Array(n).fill('00').join(' ');

describe('decodeReportZones', () => {
  // header: zone list length 128 (two descriptors), SAME 1, maximum LBA 0x3ffff
  const header = `00 00 00 80 01 00 00 00 00 00 00 00 00 03 ff ff ${zeros(48)}`;
  // conventional, not write pointer, 0x10000 blocks from 0, write pointer all ones
  const conventional = `01 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 ${zeros(8)} ff ff ff ff ff ff ff ff ${zeros(32)}`;
  // sequential write required, implicitly opened (2) with RESET, from 0x10000, write pointer 0x10008
  const sequential = `02 21 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 01 00 08 ${zeros(32)}`;
  const data = hex(`${header} ${conventional} ${sequential}`);

  it('reads the header and every zone with its type, condition and write pointer', () => {
    const r = decodeReportZones(data);
    expect(r).toMatchObject({ zoneListLength: 128, same: 1, maximumLba: 0x3ffffn, truncated: false });
    expect(r.zones).toEqual([
      { zoneType: 1, zoneTypeName: 'conventional', zoneCondition: 0, zoneConditionName: 'not-write-pointer', nonSeq: false, reset: false, zoneLength: 0x10000n, zoneStartLba: 0n, writePointerLba: 0xffffffffffffffffn },
      { zoneType: 2, zoneTypeName: 'sequential-write-required', zoneCondition: 2, zoneConditionName: 'implicitly-opened', nonSeq: false, reset: true, zoneLength: 0x10000n, zoneStartLba: 0x10000n, writePointerLba: 0x10008n },
    ]);
  });
  it('gives the whole descriptors of a short buffer and says it was truncated', () => {
    const r = decodeReportZones(data.subarray(0, 64 + 64 + 10));
    expect(r.truncated).toBe(true);
    expect(r.zones).toHaveLength(1);
  });
  it('refuses less than the header', () => expect(() => decodeReportZones(new Uint8Array(63))).toThrow(DecodeError));
});

describe('decodeTimestamp and encodeSetTimestamp', () => {
  it('reads origin and the 48-bit millisecond timestamp', () =>
    expect(decodeTimestamp(hex('00 0a 02 00 01 8b cf e5 68 00 00 00'))).toEqual({ timestampOrigin: 2, timestampOriginName: 'set-timestamp', timestamp: 0x018bcfe56800 }));
  it('encodes the SET TIMESTAMP parameter list', () => expect([...encodeSetTimestamp(0x018bcfe56800)]).toEqual([...hex('00 00 00 00 01 8b cf e5 68 00 00 00')]));
  it('refuses values beyond 48 bits and short data', () => {
    expect(() => encodeSetTimestamp(2 ** 48)).toThrow(RangeError);
    expect(() => decodeTimestamp(new Uint8Array(9))).toThrow(DecodeError);
  });
});

describe('decodeStreamControl and decodeStreamStatus', () => {
  it('STREAM CONTROL: the assigned stream id in bytes 4-5', () => expect(decodeStreamControl(hex('07 00 00 00 00 05 00 00'))).toEqual({ assignedStreamId: 5 }));
  it('GET STREAM STATUS: open streams and their descriptors', () => {
    const r = decodeStreamStatus(hex('00 00 00 10 00 00 00 02 01 00 00 01 03 00 00 00 00 00 00 07 3f 00 00 00'));
    expect(r).toEqual({ numberOfOpenStreams: 2, streams: [{ perm: true, streamIdentifier: 1, relLifetime: 3 }, { perm: false, streamIdentifier: 7, relLifetime: 0x3f }], truncated: false });
  });
});

describe('decodeMediaSerialNumber', () => {
  it('reads the length and the serial number', () =>
    expect(decodeMediaSerialNumber(hex('00 00 00 08 41 42 43 31 32 33 20 20'))).toMatchObject({ length: 8, text: 'ABC123', truncated: false }));
  it('says when the buffer is short', () => expect(decodeMediaSerialNumber(hex('00 00 00 08 41 42')).truncated).toBe(true));
});

describe('decodeReferrals', () => {
  it('reads segments and their target port groups', () => {
    // one segment 0..0xfff served by two groups: group 1 active/optimized, group 2 standby
    const seg = '00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 0f ff 00 00 00 01 02 00 00 02';
    const r = decodeReferrals(hex(`00 00 00 1c ${seg}`));
    expect(r.segments).toEqual([{ firstLba: 0n, lastLba: 0xfffn, targetPortGroups: [{ accessState: 0, group: 1 }, { accessState: 2, group: 2 }] }]);
    expect(r.truncated).toBe(false);
  });
});

describe('decodePhysicalElementStatus', () => {
  it('reads the header and each element', () => {
    const element = `00 00 00 00 00 00 00 07 ${zeros(5)} 01 01 20 00 00 00 00 00 10 00 00 ${zeros(8)}`;
    const r = decodePhysicalElementStatus(hex(`00 00 00 03 00 00 00 01 00 00 00 00 ${zeros(20)} ${element}`));
    expect(r).toEqual({
      numberOfDescriptors: 3,
      numberOfDescriptorsReturned: 1,
      identifierOfElementBeingDepopulated: 0,
      elements: [{ elementIdentifier: 7, restorationAllowed: true, physicalElementType: 1, physicalElementHealth: 0x20, associatedCapacity: 0x100000n }],
      truncated: false,
    });
  });
});

describe('decodeIdentifyingInformation', () => {
  it('type 2: peripheral device text', () => expect(decodeIdentifyingInformation(hex('00 00 00 05 72 61 63 6b 31'), 2)).toMatchObject({ length: 5, text: 'rack1' }));
  it('type 7Fh: the supported types and their maximum lengths', () =>
    expect(decodeIdentifyingInformation(hex('00 00 00 08 00 00 00 40 04 00 01 00'), 0x7f).supportedTypes).toEqual([
      { type: 0, maximumLength: 0x40 },
      { type: 2, maximumLength: 0x100 },
    ]));
});

describe('decodeCopyOperatingParameters', () => {
  it('reads the limits and the implemented descriptor types', () => {
    const data = hex(
      '00 00 00 2a 01 00 00 00 00 02 00 01 00 00 00 40 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 01 09 00 00 00 00 00 02 02 e4',
    );
    expect(decodeCopyOperatingParameters(data)).toEqual({
      snlid: true,
      maximumCscdDescriptorCount: 2,
      maximumSegmentDescriptorCount: 1,
      maximumDescriptorListLength: 0x40,
      maximumSegmentLength: 0x10000,
      maximumInlineDataLength: 0,
      heldDataLimit: 0,
      maximumStreamDeviceTransferSize: 0,
      totalConcurrentCopies: 1,
      maximumConcurrentCopies: 1,
      dataSegmentGranularity: 9,
      inlineDataGranularity: 0,
      heldDataGranularity: 0,
      implementedDescriptorTypes: [0x02, 0xe4],
      truncated: false,
    });
  });
});

describe('decodeConfiguration', () => {
  it('reads the current profile, the profile list and other features', () => {
    // current profile 0x0010 (DVD-ROM); feature 0 (persistent, current) lists DVD-ROM (current) and CD-ROM; feature 1 core
    const data = hex('00 00 00 1c 00 00 00 10 00 00 03 08 00 10 01 00 00 08 00 00 00 01 0b 08 00 00 00 08 00 00 00 00');
    const r = decodeConfiguration(data);
    expect(r.currentProfile).toBe(0x10);
    expect(r.features.map((f) => [f.featureCode, f.version, f.persistent, f.current])).toEqual([
      [0, 0, true, true],
      [1, 2, true, true],
    ]);
    expect(r.features[0]!.profiles).toEqual([{ profile: 0x10, current: true }, { profile: 0x08, current: false }]);
    expect(r.truncated).toBe(false);
  });
});

describe('decodeAttributeValues and decodeAttributeList', () => {
  it('reads binary and ASCII attributes', () => {
    // 0x0000 REMAINING CAPACITY (binary, read only, 8 bytes), 0x0400 MEDIUM MANUFACTURER (ASCII, 8 bytes)
    const data = hex('00 00 00 1a 00 00 80 00 08 00 00 00 00 00 00 10 00 04 00 01 00 08 41 43 4d 45 20 20 20 20');
    const r = decodeAttributeValues(data);
    expect(r.attributes.map((a) => [a.identifier, a.readOnly, a.format, a.text])).toEqual([
      [0x0000, true, 0, undefined],
      [0x0400, false, 1, 'ACME'],
    ]);
    expect([...r.attributes[0]!.value]).toEqual([0, 0, 0, 0, 0, 0, 0x10, 0]);
  });
  it('reads an attribute identifier list', () => expect(decodeAttributeList(hex('00 00 00 04 00 00 04 00')).identifiers).toEqual([0, 0x400]));
});

describe('decodeReadBlockLimits', () => {
  it('granularity, maximum and minimum block length', () =>
    expect(decodeReadBlockLimits(hex('02 ff ff ff 00 04'))).toEqual({ granularity: 2, maximumBlockLength: 0xffffff, minimumBlockLength: 4 }));
});

describe('decodeLbaStatus: SBC-5 provisioning status names', () => {
  it('names 3 mapped and 4 unknown, keeps ADDITIONAL STATUS', () => {
    const d = (status: number, additional: number): string => `00 00 00 00 00 00 00 10 00 00 00 08 0${status} ${additional.toString(16).padStart(2, '0')} 00 00`;
    const r = decodeLbaStatus(hex(`00 00 00 34 00 00 00 01 ${d(3, 0)} ${d(4, 1)} ${d(5, 0)}`));
    expect(r.rtp).toBe(true);
    expect(r.descriptors.map((x) => [x.provisioningStatusName, x.additionalStatus])).toEqual([
      ['mapped', 0],
      ['unknown', 1],
      ['reserved', 0],
    ]);
  });
});
