import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ASC_ASCQ_RANGES,
  PERIPHERAL_DEVICE_TYPES,
  ascAscqCount,
  ascText,
  lookupAscAscq,
  opcodeName,
  peripheralDeviceTypeName,
  senseKeyName,
} from './index.js';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = join(pkg, '..', '..', '..', 'shared', 'data', 'scsi');

describe('generated tables', () => {
  it('are up to date with packages/struct/data/*.tsv', () => {
    // --check exits 1 and names the stale files when they differ.
    expect(() =>
      execFileSync(process.execPath, [join(pkg, 'scripts', 'gen-tables.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('data/*.tsv equal the shared T10 listings in ../shared/data/scsi', () => {
    // The shared listings live beside the clone (CI copies shared/ there). A
    // missing directory fails; SGIO_NO_SHARED_TABLES=1 opts out explicitly.
    if (!existsSync(shared)) {
      if (process.env.SGIO_NO_SHARED_TABLES === '1') return;
      expect.fail(`${shared} is missing: put a copy of shared/ beside the clone, or set SGIO_NO_SHARED_TABLES=1 to skip this comparison`);
    }
    const files = ['asc-ascq.tsv', 'asc-ascq-ranges.tsv', 'opcodes.tsv', 'sense-keys.tsv', 'peripheral-device-types.tsv'];
    let compared = 0;
    for (const f of files) {
      expect(readFileSync(join(pkg, 'data', f), 'utf8'), f).toBe(readFileSync(join(shared, f), 'utf8'));
      compared++;
    }
    expect(compared).toBe(5);
  });

  it('hold every row of the TSVs', () => {
    const rows = readFileSync(join(pkg, 'data', 'asc-ascq.tsv'), 'utf8').trim().split('\n').length - 1;
    expect(ascAscqCount()).toBe(rows);
    expect(ASC_ASCQ_RANGES).toHaveLength(6);
    expect(PERIPHERAL_DEVICE_TYPES).toHaveLength(21);
  });
});

describe('ascText', () => {
  it('gives assigned pairs', () => {
    expect(ascText(0x24, 0x00)).toBe('Invalid field in cdb');
    expect(ascText(0x29, 0x00)).toBe('Power on, reset, or bus device reset occurred');
    expect(lookupAscAscq(0x00, 0x00).source).toBe('table');
  });

  it('fills range entries with the ASCQ', () => {
    expect(ascText(0x40, 0x91)).toBe('Diagnostic failure on component [0x91]');
    expect(ascText(0x40, 0x05)).toBe('Ram failure [0x5]');
    expect(ascText(0x70, 0x02)).toBe('Decompression exception short algorithm id of 0x2');
    expect(lookupAscAscq(0x42, 0x10).source).toBe('range');
    // outside the range the assigned pair applies; inside, the range wins
    expect(ascText(0x40, 0x00)).toBe('Ram failure (should use 40 nn)');
    expect(ascText(0x4d, 0x00)).toBe('Tagged overlapped commands [0x0]');
  });

  it('names vendor-specific and unknown codes like sg3_utils', () => {
    expect(ascText(0x9f, 0x81)).toBe('vendor specific ASC=9f, ASCQ=81 (hex)');
    expect(ascText(0x20, 0x81)).toBe('ASC=20, vendor specific qualification ASCQ=81 (hex)');
    expect(ascText(0x20, 0x71)).toBe('ASC=20, ASCQ=71 (hex)');
    expect(lookupAscAscq(0x20, 0x71).source).toBe('unknown');
  });

  it('rejects values outside a byte', () => {
    expect(() => ascText(256, 0)).toThrow(RangeError);
    expect(() => ascText(0, -1)).toThrow(RangeError);
    expect(() => ascText(0.5, 0)).toThrow(RangeError);
  });
});

describe('other tables', () => {
  it('names sense keys', () => {
    expect(senseKeyName(5)).toBe('Illegal Request');
    expect(senseKeyName(0xf)).toBe('Completed');
    expect(senseKeyName(16)).toBe('Sense key 0x10');
  });

  it('names opcodes, by device type when it matters', () => {
    expect(opcodeName(0x28)).toBe('Read(10)');
    expect(opcodeName(0x00)).toBe('Test Unit Ready');
    expect(opcodeName(0x01)).toBe('Rezero Unit');
    expect(opcodeName(0x01, 1)).toBe('Rewind');
    expect(opcodeName(0x42, 0)).toBe('Unmap');
    expect(opcodeName(0x42, 5)).toBe('Read sub-channel');
    expect(opcodeName(0xc5)).toBe('Vendor specific [0xc5]');
  });

  it('names peripheral device types', () => {
    expect(peripheralDeviceTypeName(0)).toBe('disk (direct access block device)');
    expect(peripheralDeviceTypeName(0x14)).toBe('host managed zoned block device');
    expect(peripheralDeviceTypeName(0x15)).toBe('reserved device type 0x15');
  });
});
