/** The SMART data decoder on the fixture's known values (no host tool decodes a SMART dump), and the IDENTIFY edge cases. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../errors/decode-error.js';
import { ataString } from './ata-words.js';
import { decodeAtaIdentifyDevice } from './identify-device.js';
import { decodeAtaSmartData } from './smart-data.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../test/fixtures/ata/${name}`, import.meta.url)), 'utf8');
const smartBytes = (): Uint8Array => Uint8Array.from(fixture('smart-data-hdd.hex').replace(/#.*$/gm, '').match(/[0-9a-f]{2}/g)!, (h) => parseInt(h, 16));

describe('decodeAtaSmartData', () => {
  it('reads the attribute table, the status bytes and the checksum of the fixture (values as make-fixtures.mjs wrote them)', () => {
    const s = decodeAtaSmartData(smartBytes());
    expect(s.revision).toBe(16);
    expect(s.checksumValid).toBe(true);
    expect(s.attributes).toHaveLength(15);
    expect(s.attributes[3]).toEqual({ id: 5, name: 'Reallocated_Sector_Ct', flags: 0x33, prefailure: true, online: true, current: 100, worst: 100, raw: 8, rawHex: '080000000000' });
    expect(s.attributes.find((a) => a.id === 9)).toMatchObject({ name: 'Power_On_Hours', prefailure: false, online: true, current: 71, raw: 25871 });
    expect(s.attributes.find((a) => a.id === 194)).toMatchObject({ name: 'Temperature_Celsius', current: 34, worst: 48, raw: 34 });
    expect(s.attributes.find((a) => a.id === 241)).toMatchObject({ raw: 48719112345, worst: 253 });
    expect(s).toMatchObject({ offlineCollectionStatus: 0x82, selfTestStatus: 0, offlineCollectionSeconds: 600, errorLoggingSupported: true, shortSelfTestMinutes: 1, extendedSelfTestMinutes: 542, conveyanceSelfTestMinutes: 2 });
  });

  it('says when the checksum is wrong, and refuses a short structure', () => {
    const b = smartBytes();
    b[100] = b[100]! ^ 1;
    expect(decodeAtaSmartData(b).checksumValid).toBe(false);
    expect(() => decodeAtaSmartData(b.subarray(0, 511))).toThrow(DecodeError);
  });
});

describe('decodeAtaIdentifyDevice edge cases', () => {
  it('reads a structure without the integrity signature, 48-bit support or a WWN', () => {
    const b = new Uint8Array(512);
    b[60 * 2] = 0x00;
    b[60 * 2 + 1] = 0x10; // 4096 sectors
    const d = decodeAtaIdentifyDevice(b);
    expect(d).toMatchObject({ checksum: 'absent', lba48Sectors: undefined, sectors: 4096, capacityBytes: 4096 * 512, wwn: undefined, rotationRateText: 'not reported', formFactorName: 'not reported' });
    expect(d.features.smartSupported).toBe(false);
  });

  it('swaps the bytes of ATA strings', () => {
    expect(ataString(Uint8Array.of(0x47, 0x53, 0x4f, 0x49, 0x20, 0x20), 0, 3)).toBe('SGIO');
  });

  it('refuses fewer than 512 bytes', () => {
    expect(() => decodeAtaIdentifyDevice(new Uint8Array(100))).toThrow(DecodeError);
  });
});
