/**
 * Inside the lab: the real sg driver answers, sg3_utils sees scsi_debug, and
 * the helpers that other lab tests use work.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearFaults, deleteDevice, firstDevice, injectFault, requireLab, rescan, scsiDebugParams, setScsiDebugParam, sgDevices, ScsiDebugOpts } from './guest.js';
import { lioDevices, setUpLio, tearDownLio } from './guest-lio.js';

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

describe('LIO beside scsi_debug', () => {
  it('sets up N loopback initiators on one 4096-byte thin logical unit, and tears them down', async () => {
    const started = Date.now();
    const devices = await setUpLio({ initiators: 3, blockSize: 4096, thin: true, sizeMb: 16 });
    const setUpMs = Date.now() - started;
    // measured on a loaded 2-core host: the SCSI scan of each loopback host dominates (about 2 s each)
    console.log(`LIO set-up with 3 initiators: ${setUpMs} ms`);
    try {
      expect(devices.map((d) => d.driver)).toEqual(['tcm_loopback', 'tcm_loopback', 'tcm_loopback']);
      expect(firstDevice().driver).toBe('scsi_debug');
      expect(lioDevices().map((d) => d.path)).toEqual(devices.map((d) => d.path));
      for (const d of devices) {
        const inq = run('sg_inq', [d.path]);
        expect(inq.out).toMatch(/Vendor identification: LIO-ORG/);
        const cap = run('sg_readcap', ['-l', d.path]);
        expect(cap.out).toContain('Logical block length=4096 bytes');
        expect(cap.out).toContain('Number of logical blocks=4096');
        expect(cap.out).toContain('lbpme=1');
      }
      // one logical unit: what initiator 1 writes, initiator 3 reads
      expect(run('sg_dd', ['if=/dev/urandom', `of=${devices[0]!.path}`, 'bs=4096', 'count=4']).status).toBe(0);
      expect(run('sg_dd', [`if=${devices[0]!.path}`, 'of=/dev/shm/lio-a.bin', 'bs=4096', 'count=4']).status).toBe(0);
      expect(run('sg_dd', [`if=${devices[2]!.path}`, 'of=/dev/shm/lio-b.bin', 'bs=4096', 'count=4']).status).toBe(0);
      const a = readFileSync('/dev/shm/lio-a.bin');
      expect(a.length).toBe(16384);
      expect(a.some((x) => x !== 0)).toBe(true);
      expect(Buffer.compare(readFileSync('/dev/shm/lio-b.bin'), a)).toBe(0);
    } finally {
      const t = Date.now();
      await tearDownLio();
      console.log(`LIO tear-down: ${Date.now() - t} ms`);
    }
    expect(lioDevices()).toEqual([]);
    expect(sgDevices().every((d) => d.driver === 'scsi_debug')).toBe(true);
  });
});
