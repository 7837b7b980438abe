/**
 * Finding a device's bsg node from its sg node and back, on a made-up sysfs
 * tree laid out as the kernel lays it out.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bsgPathFor, sgPathForBsg } from './bsg-path.js';

const sysfs = mkdtempSync(join(tmpdir(), 'sgio-bsg-path-'));
afterAll(() => rmSync(sysfs, { recursive: true, force: true }));
// a disk at 2:0:1:0 with sg3 and a bsg node; a device at 3:0:0:0 without an sg node
const disk = join(sysfs, 'devices/platform/host2/target2:0:1/2:0:1:0');
mkdirSync(join(disk, 'scsi_generic/sg3'), { recursive: true });
mkdirSync(join(sysfs, 'bus/scsi/devices'), { recursive: true });
symlinkSync(disk, join(sysfs, 'bus/scsi/devices/2:0:1:0'));
mkdirSync(join(sysfs, 'class/scsi_generic/sg3'), { recursive: true });
symlinkSync(disk, join(sysfs, 'class/scsi_generic/sg3/device'));
const bare = join(sysfs, 'devices/platform/host3/target3:0:0/3:0:0:0');
mkdirSync(bare, { recursive: true });
symlinkSync(bare, join(sysfs, 'bus/scsi/devices/3:0:0:0'));

describe('sgPathForBsg', () => {
  it('finds the sg node of a bsg node, by path or by address', () => {
    expect(sgPathForBsg('/dev/bsg/2:0:1:0', { sysfs })).toBe('/dev/sg3');
    expect(sgPathForBsg('2:0:1:0', { sysfs, dev: '/devices' })).toBe('/devices/sg3');
  });

  it('answers undefined for a device without an sg node, an unknown address or a name that is no address', () => {
    expect(sgPathForBsg('/dev/bsg/3:0:0:0', { sysfs })).toBeUndefined();
    expect(sgPathForBsg('/dev/bsg/9:0:0:0', { sysfs })).toBeUndefined();
    expect(sgPathForBsg('/dev/bsg/ses0', { sysfs })).toBeUndefined();
  });

  it('is the inverse of bsgPathFor', () => {
    expect(bsgPathFor('/dev/sg3', { sysfs })).toBe('/dev/bsg/2:0:1:0');
    expect(sgPathForBsg(bsgPathFor('/dev/sg3', { sysfs }), { sysfs })).toBe('/dev/sg3');
  });
});
