import { describe, expect, it } from 'vitest';
import type { SgDeviceInfo } from '@sgio/core';
import { Allowlist, type AllowlistResolver } from './allowlist.js';
import { ConfigError } from '../config/errors.js';
import type { DeviceIdentity } from './identity.js';
import { DeviceCatalog, isDeviceId } from './catalog.js';
import { fakeRow } from '../test-support/fake-devices.js';

const links: Record<string, string> = { '/dev/disk/by-id/scsi-x': '/dev/sdb', '/dev/mydisk': '/dev/sg2', '/dev/sg1': '/dev/sg1', '/dev/sdb': '/dev/sdb' };
const resolver: AllowlistResolver = {
  realpath: (p) => {
    const t = links[p];
    if (!t) throw new Error('ENOENT');
    return t;
  },
  sgNodeForBlock: (p) => (p === '/dev/sdb' ? '/dev/sg3' : undefined),
};

describe('Allowlist', () => {
  it('canonicalises paths, symlinks and block devices once', () => {
    const a = new Allowlist(['/dev/sg1', '/dev/mydisk', '/dev/disk/by-id/scsi-x', '/dev/../dev/sg5'], resolver);
    expect(['/dev/sg0', '/dev/sg1', '/dev/sg2', '/dev/sg3', '/dev/sg4', '/dev/sg5'].map((p) => a.allows(p))).toEqual([false, true, true, true, false, true]);
    expect(a.allows('/dev/mydisk')).toBe(false);
  });

  it('matches globs against discovered paths only', () => {
    const a = new Allowlist(['/dev/sg[23]'], resolver);
    expect(['/dev/sg1', '/dev/sg2', '/dev/sg3', '/dev/sg23', '/dev/../dev/sg2'].map((p) => a.allows(p))).toEqual([false, true, true, false, false]);
  });

  it('refuses a partition entry with a config error that says why', () => {
    const r: AllowlistResolver = { ...resolver, isPartition: (p) => /\d$/.test(p) && p.startsWith('/dev/sd') };
    expect(() => new Allowlist(['/dev/sdb1'], r)).toThrow(ConfigError);
    expect(() => new Allowlist(['/dev/sdb1'], r)).toThrow(/partition.*whole disk/);
    expect(new Allowlist(['/dev/sdb'], r).allows('/dev/sg3')).toBe(true);
  });

  it('re-resolves symlink entries on refresh (by-id follows its disk)', () => {
    const moving: Record<string, string> = { '/dev/disk/by-id/scsi-x': '/dev/sdb' };
    const r: AllowlistResolver = { realpath: (p) => moving[p] ?? p, sgNodeForBlock: (p) => ({ '/dev/sdb': '/dev/sg3', '/dev/sdc': '/dev/sg4' })[p] };
    const a = new Allowlist(['/dev/disk/by-id/scsi-x'], r);
    expect([a.allows('/dev/sg3'), a.allows('/dev/sg4')]).toEqual([true, false]);
    moving['/dev/disk/by-id/scsi-x'] = '/dev/sdc';
    a.refresh();
    expect([a.allows('/dev/sg3'), a.allows('/dev/sg4')]).toEqual([false, true]);
  });

  it('allows nothing when empty', () => {
    expect(new Allowlist([], resolver).allows('/dev/sg0')).toBe(false);
  });
});

describe('DeviceCatalog', () => {
  const rows: SgDeviceInfo[] = [fakeRow(0), fakeRow(1), fakeRow(2)];
  it('lists and resolves only allowed devices, by sg name or H:C:T:L', () => {
    const c = new DeviceCatalog(() => rows, new Allowlist(['/dev/sg1', '/dev/sg2'], { realpath: (p) => p, sgNodeForBlock: () => undefined }));
    expect(c.list().map((r) => r.name)).toEqual(['sg1', 'sg2']);
    expect(c.resolve('sg1')?.path).toBe('/dev/sg1');
    expect(c.resolve('0:0:2:0')?.path).toBe('/dev/sg2');
    for (const id of ['sg0', '0:0:0:0', '/dev/sg1', '../sg1', 'sg1/', ' sg1', 'sg01x']) expect(c.resolve(id), id).toBeUndefined();
  });

  it('pins identities: a swapped device at a pinned path is left out and refused with 409', () => {
    let current: SgDeviceInfo[] = [fakeRow(0), fakeRow(1)];
    const ids = new Map<string, string>([['/dev/sg0', 'naa.a'], ['/dev/sg1', 'naa.b']]);
    const seen: string[] = [];
    const c = new DeviceCatalog(() => current, new Allowlist(['/dev/sg*'], { realpath: (p) => p, sgNodeForBlock: () => undefined }), 0, {
      identify: (row): DeviceIdentity => ({ wwid: ids.get(row.path), hctl: row.hctl }),
      onMismatch: (row, pinned, found) => seen.push(`${row.path} ${pinned.wwid}->${found.wwid}`),
    });
    expect(c.list().map((r) => r.name)).toEqual(['sg0', 'sg1']);
    ids.set('/dev/sg1', 'naa.c'); // another disk took sg1
    current = [fakeRow(0), { ...fakeRow(1), hctl: '1:0:0:0' }];
    expect(c.list().map((r) => r.name)).toEqual(['sg0']);
    expect(() => c.resolve('sg1')).toThrow(expect.objectContaining({ status: 409 }));
    expect(c.resolve('sg0')?.name).toBe('sg0');
    c.list();
    expect(seen).toEqual(['/dev/sg1 naa.b->naa.c']);
  });

  it('verifyOpened refuses a device swapped between the look-up and the open', () => {
    const ids = new Map<string, string>([['/dev/sg0', 'naa.a']]);
    const seen: string[] = [];
    const c = new DeviceCatalog(() => [fakeRow(0)], new Allowlist(['/dev/sg*'], { realpath: (p) => p, sgNodeForBlock: () => undefined }), 60_000, {
      identify: (row): DeviceIdentity => ({ wwid: ids.get(row.path), hctl: row.hctl }),
      onMismatch: (row, pinned, found) => seen.push(`${row.path} ${pinned.wwid}->${found.wwid}`),
    });
    const row = c.resolve('sg0')!;
    expect(() => c.verifyOpened(row)).not.toThrow();
    ids.set('/dev/sg0', 'naa.z'); // swapped after the look-up (the catalog's cache still shows the old one)
    expect(() => c.verifyOpened(row)).toThrow(expect.objectContaining({ status: 409 }));
    expect(seen).toEqual(['/dev/sg0 naa.a->naa.z']);
  });

  it('knows the id forms', () => {
    expect(['sg0', 'sg123', '1:0:2:3'].every(isDeviceId)).toBe(true);
    expect(['sg', 'sda', '1:2:3', 'sg0\u0000', '..'].some(isDeviceId)).toBe(false);
  });
});
