/** The LIO set-up script: the order of the configfs steps the kernel needs, and option checks. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIO, checkLioOptions, lioInitiatorWwn, lioSetupScript, lioTargetWwn, lioTeardownScript } from './lio.js';
import { splitArgv } from './argv.js';

const at = (script: string, text: string): number => {
  const i = script.indexOf(text);
  expect(i, text).toBeGreaterThanOrEqual(0);
  return i;
};

describe('lioSetupScript', () => {
  it('writes each nexus before creating its LUN, and links the backstore into every LUN', () => {
    const s = lioSetupScript({ ...DEFAULT_LIO, initiators: 3 });
    for (let i = 1; i <= 3; i++) {
      const tpg = `/sys/kernel/config/target/loopback/${lioTargetWwn(i)}/tpgt_1`;
      expect(at(s, `echo ${lioInitiatorWwn(i)} > ${tpg}/nexus`)).toBeLessThan(at(s, `mkdir ${tpg}/lun/lun_0`));
      expect(s).toContain(`ln -s /sys/kernel/config/target/core/fileio_0/disk0 ${tpg}/lun/lun_0/disk0`);
    }
    expect(new Set([1, 2, 3].map(lioTargetWwn)).size).toBe(3);
  });

  it('sets dbroot before the backstore, block size after enable, thin provisioning only when asked and after enable', () => {
    const s = lioSetupScript({ ...DEFAULT_LIO, blockSize: 4096, thin: true });
    const enable = at(s, 'echo 1 > /sys/kernel/config/target/core/fileio_0/disk0/enable');
    expect(at(s, '/dbroot')).toBeLessThan(at(s, 'mkdir -p /sys/kernel/config/target/core/fileio_0/disk0'));
    expect(at(s, 'echo 4096 > /sys/kernel/config/target/core/fileio_0/disk0/attrib/block_size')).toBeGreaterThan(enable);
    expect(at(s, 'attrib/emulate_tpu')).toBeGreaterThan(enable);
    expect(at(s, 'attrib/emulate_tpws')).toBeGreaterThan(enable);
    expect(lioSetupScript(DEFAULT_LIO)).not.toContain('emulate_tpu');
    // a unit serial, so LIO lists its VPD pages; set before any LUN exports the backstore
    expect(at(s, 'wwn/vpd_unit_serial')).toBeGreaterThan(enable);
    expect(at(s, 'wwn/vpd_unit_serial')).toBeLessThan(at(s, '/lun/lun_0'));
    expect(s).toContain('fd_dev_size=67108864');
  });

  it('tears down links, LUNs, targets and backstores in that order', () => {
    const s = lioTeardownScript();
    expect(at(s, '-type l -exec rm')).toBeLessThan(at(s, 'rmdir "$lun"'));
    expect(at(s, 'rmdir "$tpg"')).toBeLessThan(at(s, 'rmdir /sys/kernel/config/target/loopback'));
    expect(at(s, 'rmdir /sys/kernel/config/target/loopback')).toBeLessThan(at(s, 'rmdir "$d"'));
  });

  it('refuses options the lab cannot set up, naming the flag', () => {
    expect(() => checkLioOptions({ ...DEFAULT_LIO, initiators: 0 })).toThrow(/--lio-initiators/);
    expect(() => checkLioOptions({ ...DEFAULT_LIO, blockSize: 1024 as 512 })).toThrow(/--lio-block-size/);
    expect(() => checkLioOptions({ ...DEFAULT_LIO, sizeMb: 0 })).toThrow(/MiB/);
  });

  it('the --lio-* value flags take their value before the command', () => {
    expect(splitArgv(['--lio-initiators', '3', '--lio-block-size', '4096', 'sg_inq', '/dev/sg1'])).toEqual({
      own: ['--lio-initiators', '3', '--lio-block-size', '4096'],
      command: ['sg_inq', '/dev/sg1'],
    });
  });
});
