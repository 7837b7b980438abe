/** The TCMU boot disk: the init script's part, its flags, and where the sgio bin is found. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initScript } from './guest-init.js';
import { profiles, type LabProfile } from './profiles.js';
import { TCMU_BOOT_NAME, TCMU_TARGET_WWN, tcmuBackstorePath, tcmuTeardownScript } from './tcmu.js';
import { DEFAULT_TCMU_BOOT, TCMU_BOOT_LOG, TCMU_BOOT_PORTS, checkTcmuBootOptions, tcmuBootScript, tcmuBootTeardownScript, tcmuEnvValue } from './tcmu-boot.js';
import { findSgioBin, tcmuFromFlags } from './tcmu-flags.js';

const at = (script: string, text: string): number => {
  const i = script.indexOf(text);
  expect(i, text).toBeGreaterThanOrEqual(0);
  return i;
};

const bin = '/repo/apps/cli/dist/bin.cjs';
const noFlags = { tcmu: false, 'tcmu-thin': false } as const;

describe('the TCMU boot disk', () => {
  it('creates the backstore, starts sgio target on its uio device, waits for "serving", then exports it through its own ports', () => {
    const s = tcmuBootScript({ ...DEFAULT_TCMU_BOOT, thin: true, blockSize: 4096, bin }, '/usr/bin/node');
    const created = at(s, `tcm-user/1/${TCMU_BOOT_NAME}/`);
    const started = at(s, `/usr/bin/node ${bin} target --uio "$tcmu_uio" --memory 64M --block-size 4096 --thin --json`);
    const serving = at(s, `grep -q '"serving"' ${TCMU_BOOT_LOG} || fail`);
    const exported = at(s, `echo ${TCMU_BOOT_PORTS.initiator} > /sys/kernel/config/target/loopback/${TCMU_BOOT_PORTS.target}/tpgt_1/nexus`);
    expect(created).toBeLessThan(started);
    expect(started).toBeLessThan(serving);
    expect(serving).toBeLessThan(exported);
    expect(TCMU_BOOT_PORTS.target).not.toBe(TCMU_TARGET_WWN);
    expect(tcmuBootScript({ ...DEFAULT_TCMU_BOOT, bin }, 'node')).not.toContain('--thin');
  });

  it('unexports while the server serves, then stops it, then removes the backstore', () => {
    const s = tcmuBootTeardownScript();
    const unexport = at(s, `rmdir /sys/kernel/config/target/loopback/${TCMU_BOOT_PORTS.target}\n`);
    const stop = at(s, 'kill -TERM $tcmu_pid');
    const remove = at(s, `rmdir ${tcmuBackstorePath(TCMU_BOOT_NAME)}`);
    expect(unexport).toBeLessThan(stop);
    expect(stop).toBeLessThan(remove);
    // the tests' own teardown leaves the boot disk alone
    expect(tcmuTeardownScript()).toContain(`!= ${TCMU_BOOT_NAME}`);
  });

  it('is part of the init script after LIO, counted among the devices, and torn down before LIO', () => {
    const s = initScript({
      labDir: '/tmp/lab',
      modulesRoot: '/mods',
      scsiDebug: profiles.tcmu.scsiDebug,
      block: false,
      expectedDevices: 2,
      lio: { initiators: 1, blockSize: 512, thin: false, sizeMb: 16 },
      tcmu: { ...profiles.tcmu.tcmu, bin },
      node: '/usr/bin/node',
      cwd: '/repo',
      command: ['true'],
      interactive: false,
    });
    expect(at(s, '# LIO: 1 loopback')).toBeLessThan(at(s, '# TCMU: a 64 MiB disk'));
    expect(at(s, '# TCMU: a 64 MiB disk')).toBeLessThan(at(s, 'expected 2 sg devices'));
    expect(at(s, 'kill -TERM $tcmu_pid')).toBeLessThan(s.lastIndexOf('poweroff_now'));
    expect(at(s, 'kill -TERM $tcmu_pid')).toBeLessThan(s.lastIndexOf('/core/fileio_'));
    expect(tcmuEnvValue({ ...DEFAULT_TCMU_BOOT, bin })).toBe(`name=${TCMU_BOOT_NAME} size_mb=64 block_size=512 thin=0`);
  });

  it('refuses what it cannot set up, naming the flag', () => {
    expect(() => checkTcmuBootOptions({ ...DEFAULT_TCMU_BOOT, sizeMb: 0, bin })).toThrow(/--tcmu-size-mb/);
    expect(() => checkTcmuBootOptions({ ...DEFAULT_TCMU_BOOT, blockSize: 1024 as 512, bin })).toThrow(/--tcmu-block-size/);
    expect(() => checkTcmuBootOptions({ ...DEFAULT_TCMU_BOOT, bin: 'bin.cjs' })).toThrow(/--tcmu-bin/);
  });
});

describe('the --tcmu flags', () => {
  const root = mkdtempSync(join(tmpdir(), 'sgio-lab-tcmu-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const repoBin = join(root, 'apps/cli/dist/bin.cjs');
  mkdirSync(join(root, 'apps/cli/dist'), { recursive: true });
  mkdirSync(join(root, 'packages/x'), { recursive: true });
  writeFileSync(repoBin, '');

  it('finds the repository\'s sgio bin from a folder below it, or takes the one given', () => {
    expect(findSgioBin(join(root, 'packages/x'))).toBe(repoBin);
    expect(findSgioBin(root, 'apps/cli/dist/bin.cjs')).toBe(repoBin);
    expect(() => findSgioBin(root, 'nope.cjs')).toThrow(/--tcmu-bin nope\.cjs: no such file/);
    expect(() => findSgioBin('/')).toThrow(/name it with --tcmu-bin PATH/);
  });

  it('nothing without the flags or the profile; the profile\'s disk; value flags imply --tcmu', () => {
    expect(tcmuFromFlags(noFlags, profiles.default as LabProfile, root)).toBeUndefined();
    expect(tcmuFromFlags(noFlags, profiles.tcmu as LabProfile, root)).toEqual({ ...DEFAULT_TCMU_BOOT, bin: repoBin });
    expect(tcmuFromFlags({ ...noFlags, 'tcmu-size-mb': '16', 'tcmu-block-size': '4096' }, profiles.default as LabProfile, root)).toEqual({ sizeMb: 16, blockSize: 4096, thin: false, bin: repoBin });
    expect(tcmuFromFlags({ ...noFlags, 'tcmu-thin': true }, profiles.lio as LabProfile, root)?.thin).toBe(true);
    expect(() => tcmuFromFlags({ ...noFlags, 'tcmu-size-mb': 'x' }, profiles.default as LabProfile, root)).toThrow(/--tcmu-size-mb/);
  });
});
