import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scsiDeviceRemoved } from './device-removed.js';

describe('scsiDeviceRemoved', () => {
  const sysfs = mkdtempSync(join(tmpdir(), 'sgio-sysfs-'));
  afterAll(() => rmSync(sysfs, { recursive: true, force: true }));
  const device = (hctl: string, state: string): void => {
    mkdirSync(join(sysfs, 'bus', 'scsi', 'devices', hctl), { recursive: true });
    writeFileSync(join(sysfs, 'bus', 'scsi', 'devices', hctl, 'state'), `${state}\n`);
  };

  it('reads a running or offline device as present, one in cancel or deleted state or without a directory as removed', () => {
    device('0:0:0:0', 'running');
    device('0:0:0:1', 'offline');
    device('0:0:0:2', 'cancel');
    device('0:0:0:3', 'deleted');
    expect(['0:0:0:0', '0:0:0:1', '0:0:0:2', '0:0:0:3', '0:0:0:4'].map((h) => scsiDeviceRemoved(h, sysfs))).toEqual([false, false, true, true, true]);
  });
});
