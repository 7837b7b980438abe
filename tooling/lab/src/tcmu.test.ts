/** The TCMU scripts: module order, the control settings before enable, nexus before LUN, teardown order. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TCMU, TCMU_INITIATOR_WWN, TCMU_TARGET_WWN, checkTcmuOptions, tcmuBackstorePath, tcmuCreateScript, tcmuExportScript, tcmuTeardownScript, tcmuUnexportScript } from './tcmu.js';

const at = (script: string, text: string): number => {
  const i = script.indexOf(text);
  expect(i, text).toBeGreaterThanOrEqual(0);
  return i;
};

describe('TCMU scripts', () => {
  it('loads uio and target_core_user after LIO, sets size, netlink and block size before enable', () => {
    const s = tcmuCreateScript({ ...DEFAULT_TCMU, sizeMb: 16, blockSize: 4096 });
    const dev = tcmuBackstorePath('sgio0');
    expect(at(s, 'lio_load drivers/target/target_core_mod')).toBeLessThan(at(s, 'lio_load drivers/target/target_core_user'));
    expect(at(s, 'lio_load drivers/uio/uio')).toBeLessThan(at(s, 'lio_load drivers/target/target_core_user'));
    const enable = at(s, `echo 1 > ${dev}/enable`);
    expect(at(s, `echo dev_size=${16 * 1024 * 1024} > ${dev}/control`)).toBeLessThan(enable);
    expect(at(s, `echo nl_reply_supported=-1 > ${dev}/control`)).toBeLessThan(enable);
    expect(at(s, `echo hw_block_size=4096 > ${dev}/control`)).toBeLessThan(enable);
    expect(s).toContain('tcm-user/1/sgio0/');
    expect(s).not.toContain('cmd_time_out');
  });

  it('sets the ring command timeout only when asked, before the uio device is looked up', () => {
    const s = tcmuCreateScript({ ...DEFAULT_TCMU, cmdTimeOutS: 5 });
    const dev = tcmuBackstorePath('sgio0');
    expect(at(s, `echo 5 > ${dev}/attrib/cmd_time_out`)).toBeLessThan(at(s, 'for u in /sys/class/uio/uio*'));
    expect(() => checkTcmuOptions({ ...DEFAULT_TCMU, cmdTimeOutS: -1 })).toThrow(/whole number of seconds/);
    expect(() => checkTcmuOptions({ ...DEFAULT_TCMU, cmdTimeOutS: 1.5 })).toThrow(/whole number of seconds/);
  });

  it('sets hw_max_sectors and a dev_config of another handler (tcmu-runner) before enable, only when asked', () => {
    const dev = tcmuBackstorePath('sgio0');
    const s = tcmuCreateScript({ ...DEFAULT_TCMU, hwMaxSectors: 2048, config: 'qcow//tmp/disk.qcow2' });
    const enable = at(s, `echo 1 > ${dev}/enable`);
    expect(at(s, `echo hw_max_sectors=2048 > ${dev}/control`)).toBeLessThan(enable);
    expect(at(s, `echo dev_config=qcow//tmp/disk.qcow2 > ${dev}/control`)).toBeLessThan(enable);
    const plain = tcmuCreateScript(DEFAULT_TCMU);
    expect(plain).not.toContain('hw_max_sectors');
    expect(plain).toContain(`echo dev_config=sgio/sgio0 > ${dev}/control`);
    expect(() => checkTcmuOptions({ ...DEFAULT_TCMU, hwMaxSectors: 0 })).toThrow(/1\.\.65535/);
    expect(() => checkTcmuOptions({ ...DEFAULT_TCMU, config: 'qcow /x;rm' })).toThrow(/SUBTYPE\/CONFIG/);
  });

  it('writes the nexus before the LUN; unexport leaves the backstore, teardown removes both', () => {
    const s = tcmuExportScript('sgio0');
    const tpg = `/sys/kernel/config/target/loopback/${TCMU_TARGET_WWN}/tpgt_1`;
    expect(at(s, `echo ${TCMU_INITIATOR_WWN} > ${tpg}/nexus`)).toBeLessThan(at(s, `mkdir ${tpg}/lun/lun_0`));
    expect(tcmuUnexportScript()).not.toContain('user_');
    const t = tcmuTeardownScript();
    expect(at(t, 'rmdir "$lun"')).toBeLessThan(at(t, 'user_*/*'));
  });

  it('refuses names configfs would not take and odd sizes', () => {
    expect(() => checkTcmuOptions({ ...DEFAULT_TCMU, name: 'a b' })).toThrow(/letters, digits/);
    expect(() => checkTcmuOptions({ ...DEFAULT_TCMU, sizeMb: 0 })).toThrow(/MiB/);
    expect(() => checkTcmuOptions({ ...DEFAULT_TCMU, blockSize: 1024 as 512 })).toThrow(/512 or 4096/);
  });
});
