/**
 * listDevices() against lsscsi on the multi profile (2 targets x 2 LUNs),
 * on the real sg driver.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadScsiDebug, requireLab } from '@sgio/lab';
import { listDevices, sgNodeForBlockDevice } from './list-devices.js';

requireLab('The discovery lab test');

interface LsscsiRow {
  hctl: string;
  type: string;
  vendor: string;
  model: string;
  rev: string;
  block: string;
  sg: string;
}

function lsscsi(): LsscsiRow[] {
  const out = execFileSync('lsscsi', ['-g'], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => {
      // [0:0:0:0]    disk    Linux    scsi_debug       0191  /dev/sda   /dev/sg0
      const m = /^\[(\S+)\]\s+(\S+)\s+(.{8})\s(.{16})\s(.{4})\s+(\S+)\s+(\S+)/.exec(line);
      if (!m) throw new Error(`unexpected lsscsi line: ${line}`);
      return { hctl: m[1]!, type: m[2]!, vendor: m[3]!.trim(), model: m[4]!.trim(), rev: m[5]!.trim(), block: m[6]!, sg: m[7]! };
    });
}

describe('listDevices on the multi profile', () => {
  beforeAll(async () => {
    await reloadScsiDebug('multi');
  });
  afterAll(async () => {
    await reloadScsiDebug('default');
  });

  it('returns the same rows as lsscsi -g', () => {
    const ours = listDevices();
    const theirs = lsscsi();
    expect(ours).toHaveLength(4);
    expect(
      ours.map((d) => ({
        hctl: d.hctl,
        type: d.peripheralType === 0 ? 'disk' : String(d.peripheralType),
        vendor: d.vendor,
        model: d.model,
        rev: d.revision,
        block: d.blockDevice ?? '-',
        sg: d.path,
      })),
    ).toEqual(theirs);
  });

  it('reports H:C:T:L parts, bsg nodes and state', () => {
    for (const d of listDevices()) {
      expect(`${d.host}:${d.channel}:${d.target}:${d.lun}`).toBe(d.hctl);
      expect(d.bsgDevice).toBe(`/dev/bsg/${d.hctl}`);
      expect(d.state).toBe('running');
      expect(d.queueDepth).toBeGreaterThan(0);
    }
  });

  it('maps a block device (and its partitions) to its sg node', () => {
    const first = listDevices()[0]!;
    expect(sgNodeForBlockDevice(first.blockDevice!)).toBe(first.path);
    expect(sgNodeForBlockDevice(`${first.blockDevice!}1`)).toBe(first.path);
    expect(sgNodeForBlockDevice('/dev/null')).toBeUndefined();
  });
});
