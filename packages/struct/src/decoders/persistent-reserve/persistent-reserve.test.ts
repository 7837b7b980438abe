/** PERSISTENT RESERVE IN decoders and OUT parameter lists on bytes laid out as SPC-6 draws them. */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../errors/decode-error.js';
import { encodePrOutParameters, encodePrRegisterAndMoveParameters } from '../../parameters/persistent-reserve-out.js';
import { decodePrCapabilities, decodePrFullStatus, decodePrReadKeys, decodePrReadReservation, decodeTransportId, encodeTransportId, prTypeName } from './index.js';

const bytes = (...parts: (number | number[])[]): Uint8Array => new Uint8Array(parts.flat());
const u32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const u64 = (n: bigint): number[] => [...u32(Number(n >> 32n)), ...u32(Number(n & 0xffffffffn))];

describe('READ KEYS', () => {
  it('decodes the generation and every key', () => {
    const d = decodePrReadKeys(bytes(u32(5), u32(16), u64(0x1234n), u64(0xfedcba9876543210n)));
    expect(d).toEqual({ generation: 5, additionalLength: 16, keys: [0x1234n, 0xfedcba9876543210n], truncated: false });
  });
  it('says when the allocation length cut the list', () => {
    expect(decodePrReadKeys(bytes(u32(1), u32(24), u64(1n))).truncated).toBe(true);
  });
  it('rejects a length that is not a multiple of 8', () => {
    expect(() => decodePrReadKeys(bytes(u32(1), u32(7)))).toThrow(DecodeError);
  });
});

describe('READ RESERVATION', () => {
  it('decodes no reservation', () => {
    expect(decodePrReadReservation(bytes(u32(3), u32(0)))).toEqual({ generation: 3, additionalLength: 0 });
  });
  it('decodes the holder key, scope and type', () => {
    const d = decodePrReadReservation(bytes(u32(3), u32(16), u64(0xabcn), u32(0), 0, 0x01, 0, 0));
    expect(d.reservation).toEqual({ key: 0xabcn, scope: 0, scopeName: 'LU_SCOPE', type: 1, typeName: 'Write Exclusive' });
  });
  it('refuses a declared reservation cut short', () => {
    expect(() => decodePrReadReservation(bytes(u32(3), u32(16), u64(1n)))).toThrow(/at least 24/);
  });
});

describe('REPORT CAPABILITIES', () => {
  it('decodes every flag and the type mask', () => {
    // LIO's answer: CRH SIP_C ATP_C PTPL_C; TMV, ALLOW COMMANDS 1; all six types
    const d = decodePrCapabilities(bytes(0, 8, 0x1d, 0x90, 0xea, 0x01, 0, 0));
    expect(d).toMatchObject({
      length: 8,
      replaceLostReservationCapable: false,
      compatibleReservationHandling: true,
      specifyInitiatorPortsCapable: true,
      allTargetPortsCapable: true,
      persistThroughPowerLossCapable: true,
      typeMaskValid: true,
      allowCommands: 1,
      persistThroughPowerLossActive: false,
    });
    expect(Object.values(d.typeMask).every(Boolean)).toBe(true);
  });
});

describe('READ FULL STATUS', () => {
  it('decodes each registration with its TransportID', () => {
    const sas = [0x06, 0, 0, 0, ...u64(0x50014050000b0001n), ...new Array<number>(12).fill(0)];
    const d1 = [...u64(0x11n), 0, 0, 0, 0, 0x01, 0x01, 0, 0, 0, 0, 0, 1, ...u32(24), ...sas];
    const d2 = [...u64(0x22n), 0, 0, 0, 0, 0x02, 0x00, 0, 0, 0, 0, 0, 2, ...u32(24), ...sas];
    const d = decodePrFullStatus(bytes(u32(9), u32(96), d1, d2));
    expect(d.generation).toBe(9);
    expect(d.truncated).toBe(false);
    expect(d.descriptors.map((x) => [x.key, x.reservationHolder, x.allTargetPorts, x.typeName, x.relativeTargetPortId, x.transportId.address])).toEqual([
      [0x11n, true, false, 'Write Exclusive', 1, '50014050000b0001'],
      [0x22n, false, true, 'obsolete [0]', 2, '50014050000b0001'],
    ]);
  });
});

describe('TransportIDs', () => {
  it('round-trips SAS, FCP and iSCSI', () => {
    expect(decodeTransportId(encodeTransportId({ protocol: 'sas', address: 'naa.50014050000b0002' })).address).toBe('50014050000b0002');
    expect(decodeTransportId(encodeTransportId({ protocol: 'fcp', address: 0x21000024ff000001n })).address).toBe('21000024ff000001');
    const iscsi = encodeTransportId({ protocol: 'iscsi', name: 'iqn.2026-12.org.example:host1' });
    expect(iscsi.length % 4).toBe(0);
    expect(decodeTransportId(iscsi)).toMatchObject({ protocolIdentifier: 5, iscsiName: 'iqn.2026-12.org.example:host1', length: iscsi.length });
  });
});

describe('PERSISTENT RESERVE OUT parameter lists', () => {
  it('lays out keys and flags of the basic list', () => {
    const p = encodePrOutParameters({ reservationKey: 0x1n, serviceActionReservationKey: 0x0102030405060708n, aptpl: true, allTargetPorts: true });
    expect(Array.from(p)).toEqual([...u64(1n), 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0x05, 0, 0, 0]);
  });
  it('appends TransportIDs with SPEC_I_PT, and refuses them without it', () => {
    const id = encodeTransportId({ protocol: 'sas', address: 0x5n });
    const p = encodePrOutParameters({ serviceActionReservationKey: 2n, specifyInitiatorPorts: true, transportIds: [id] });
    expect(p.length).toBe(24 + 4 + 24);
    expect(p[20]).toBe(0x08);
    expect(Array.from(p.subarray(24, 28))).toEqual(u32(24));
    expect(() => encodePrOutParameters({ transportIds: [id] })).toThrow(/SPEC_I_PT/);
  });
  it('lays out REGISTER AND MOVE', () => {
    const id = encodeTransportId({ protocol: 'sas', address: 0x5n });
    const p = encodePrRegisterAndMoveParameters({ reservationKey: 1n, serviceActionReservationKey: 2n, unregister: true, relativeTargetPortId: 3, transportId: id });
    expect(p[17]).toBe(0x02);
    expect(Array.from(p.subarray(18, 24))).toEqual([0, 3, ...u32(24)]);
    expect(p.length).toBe(48);
  });
  it('refuses keys outside 64 bits', () => {
    expect(() => encodePrOutParameters({ reservationKey: 1n << 64n })).toThrow(/reservationKey/);
  });
});

it('names the reservation types as sg_persist does', () => {
  expect([1, 3, 5, 6, 7, 8].map(prTypeName)).toEqual([
    'Write Exclusive',
    'Exclusive Access',
    'Write Exclusive, registrants only',
    'Exclusive Access, registrants only',
    'Write Exclusive, all registrants',
    'Exclusive Access, all registrants',
  ]);
});
