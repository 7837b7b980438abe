/**
 * Inside the lab: the real sg driver answers, sg3_utils sees scsi_debug, and
 * the helpers that other lab tests use work.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearFaults, deleteDevice, firstDevice, injectFault, requireLab, rescan, scsiDebugParams, setScsiDebugParam, sgDevices, ScsiDebugOpts } from './guest.js';

requireLab('The lab self-test');

const run = (cmd: string, args: string[]): { status: number; out: string } => {
  try {
    return { status: 0, out: execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { status: x.status, out: x.stdout + x.stderr };
  }
};

describe('the lab guest', () => {
  it('has /dev/sg0 on scsi_debug, as sg_inq reports', () => {
    const dev = firstDevice();
    expect(dev.path).toBe('/dev/sg0');
    expect(dev.hctl).toMatch(/^\d+:0:0:0$/);
    const inq = run('sg_inq', [dev.path]);
    expect(inq.status).toBe(0);
    expect(inq.out).toMatch(/Vendor identification: Linux/);
    expect(inq.out).toMatch(/Product identification: scsi_debug/);
  });

  it('answers READ CAPACITY with the profile size (64 MiB of 512-byte blocks)', () => {
    const cap = run('sg_readcap', ['/dev/sg0']);
    expect(cap.out).toContain('Last LBA=131071');
    expect(cap.out).toContain('Logical block length=512 bytes');
  });

  it('exposes the scsi_debug parameters and lets tests change them at run time', () => {
    const p = scsiDebugParams();
    expect(p.dev_size_mb).toBe('64');
    expect(p.delay).toBe('0');
    setScsiDebugParam('delay', 1);
    expect(scsiDebugParams().delay).toBe('1');
    setScsiDebugParam('delay', 0);
  });

  it('injects a medium error that sg3_utils sees, then clears it', () => {
    injectFault({ everyNth: 1, opts: ScsiDebugOpts.medium });
    // scsi_debug's medium error hits READs of a fixed LBA range (0x1234..)
    const bad = run('sg_dd', ['if=/dev/sg0', 'of=/dev/null', 'bs=512', 'skip=4660', 'count=1']);
    clearFaults();
    // sg3_utils' exit status 3 is its "medium or hardware error" category
    expect(bad.status).toBe(3);
    expect(bad.out).toMatch(/lba=4660 \[0x1234\]/);
    const good = run('sg_dd', ['if=/dev/sg0', 'of=/dev/null', 'bs=512', 'skip=4660', 'count=1']);
    expect(good.status).toBe(0);
  });

  it('deletes a device through sysfs and brings it back with a rescan', async () => {
    const before = sgDevices();
    deleteDevice(before[0]!);
    expect(existsSync('/sys/class/scsi_generic/sg0')).toBe(false);
    const after = await rescan(before.length);
    expect(after.map((d) => d.hctl)).toEqual(before.map((d) => d.hctl));
  });
});
