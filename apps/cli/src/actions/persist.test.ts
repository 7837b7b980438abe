import { describe, expect, it } from 'vitest';
import { decodeTransportId } from '@sgio/struct';
import { parseTransportId, persist } from './persist.js';
import { fullStatusText, readKeysText, readReservationText } from './persist-text.js';

describe('parseTransportId', () => {
  it('takes sg_persist forms: sas,ADDR, fcp,ADDR and iSCSI names', () => {
    expect(decodeTransportId(parseTransportId('sas,50014050000b0002')).address).toBe('50014050000b0002');
    expect(decodeTransportId(parseTransportId('sas,naa.50014050000b0002')).address).toBe('50014050000b0002');
    expect(decodeTransportId(parseTransportId('fcp,0x21000024ff000001')).address).toBe('21000024ff000001');
    expect(decodeTransportId(parseTransportId('iqn.2026-12.org.example:h1')).iscsiName).toBe('iqn.2026-12.org.example:h1');
  });
  it('says which forms it takes', () => {
    expect(() => parseTransportId('sas,xyz')).toThrow(/16 hex digits/);
    expect(() => parseTransportId('what')).toThrow(/sas,ADDRESS/);
  });
});

describe('persist action choice', () => {
  it('refuses two actions, and --out without one, before opening the device', async () => {
    await expect(persist('/dev/null', { readKeys: true, reserve: true })).rejects.toThrow(/one action/);
    await expect(persist('/dev/null', { out: true })).rejects.toThrow(/which service action/);
  });
});

describe('sg_persist text', () => {
  it('prints keys, reservation and full status in sg_persist words', () => {
    expect(readKeysText({ generation: 2, additionalLength: 16, keys: [0xa1n, 0xb2n], truncated: false })).toEqual([
      '  PR generation=0x2, 2 registered reservation keys follow:',
      '    0xa1',
      '    0xb2',
    ]);
    expect(readReservationText({ generation: 3, additionalLength: 0 })).toEqual(['  PR generation=0x3, there is NO reservation held']);
    const text = fullStatusText({
      generation: 4,
      additionalLength: 48,
      truncated: false,
      descriptors: [
        {
          key: 0xa1n,
          allTargetPorts: false,
          reservationHolder: true,
          scope: 0,
          scopeName: 'LU_SCOPE',
          type: 1,
          typeName: 'Write Exclusive',
          relativeTargetPortId: 1,
          transportId: decodeTransportId(parseTransportId('sas,50014050000b0001')),
        },
      ],
    });
    expect(text).toContain('      << Reservation holder >>');
    expect(text).toContain('        SAS address: 0x50014050000b0001');
  });
});
