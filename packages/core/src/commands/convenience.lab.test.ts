/**
 * The convenience methods of ScsiCommands against scsi_debug on the real sg
 * driver, checked against sg3_utils where it prints the same facts:
 * INQUIRY, VPD pages, capacity, LUNs, mode and log pages, TEST UNIT READY,
 * REQUEST SENSE, VERIFY (with a miscompare), SYNCHRONIZE CACHE, and on the
 * `thin` profile WRITE SAME and UNMAP with zeros read back (LBPRZ).
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDevice, reloadScsiDebug, requireLab } from '@sgio/lab';
import { SenseKey, type CachingModePage, type LogicalBlockProvisioningVpdPage, type SupportedLogPages, type SupportedVpdPages, type UnitSerialNumberVpdPage } from '@sgio/struct';
import { SgDevice } from '../device/sg-device.js';
import { CheckConditionError } from '../errors/scsi-errors.js';

requireLab('The convenience commands lab test');

const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });

function pattern(bytes: number, seed: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let x = seed | 1;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('convenience commands on the default profile (64 MiB, 512-byte blocks)', () => {
  let dev: SgDevice;
  beforeAll(async () => {
    dev = await SgDevice.open(firstDevice().path);
    // the first command after loading may report UNIT ATTENTION; the default retry policy absorbs it
    await dev.testUnitReady();
  });
  afterAll(async () => {
    await dev.close();
  });

  it('testUnitReady and requestSense report a ready device with no sense', async () => {
    await expect(dev.testUnitReady()).resolves.toBeUndefined();
    dev.testUnitReadySync();
    const sense = await dev.requestSense();
    expect(sense?.senseKey).toBe(SenseKey.NO_SENSE);
    expect(dev.requestSenseSync({ descriptorFormat: true })?.senseKey).toBe(SenseKey.NO_SENSE);
  });

  it('inquiry decodes the fields sg_inq prints', async () => {
    const inq = await dev.inquiry();
    const text = sh('sg_inq', [dev.path]);
    expect(inq.peripheralDeviceType).toBe(0);
    expect(inq.vendorId).toBe('Linux');
    expect(inq.productId).toBe('scsi_debug');
    expect(text).toContain(`Vendor identification: ${inq.vendorId}`);
    expect(text).toContain(`Product identification: ${inq.productId}`);
    expect(text).toContain(`Product revision level: ${inq.productRevision}`);
    expect(dev.inquirySync()).toEqual(inq);
  });

  it('vpd() fetches and decodes the pages scsi_debug lists', async () => {
    const supported = (await dev.vpd(0x00)) as SupportedVpdPages;
    expect(supported.supportedPages).toEqual(expect.arrayContaining([0x00, 0x80, 0x83, 0x86, 0xb0, 0xb1, 0xb2]));
    const serial = (await dev.vpd(0x80)) as UnitSerialNumberVpdPage;
    expect(sh('sg_vpd', ['-p', 'sn', dev.path])).toContain(serial.serialNumber);
    const ids = await dev.vpd(0x83);
    expect('designators' in ids && ids.designators.length).toBeGreaterThan(0);
    const limits = dev.vpdSync(0xb0);
    expect(limits.pageCode).toBe(0xb0);
    expect('maximumTransferLength' in limits).toBe(true);
    // a page without a dedicated decoder comes back generic, not as an error
    const generic = await dev.vpd(0x87);
    expect(generic.pageCode).toBe(0x87);
    await expect(dev.vpd(0x42)).rejects.toBeInstanceOf(CheckConditionError);
  });

  it('readCapacity reports 64 MiB, from (10) by default and (16) when detailed', async () => {
    const c = await dev.readCapacity();
    expect(c).toMatchObject({ source: 10, blocks: 131072n, lastLba: 131071n, blockSize: 512, bytes: 64n * 1024n * 1024n });
    const d = dev.readCapacitySync({ detailed: true });
    expect(d).toMatchObject({ source: 16, blocks: 131072n, blockSize: 512, lbpme: false, protection: { enabled: false, type: 0 } });
    expect(dev.cachedCapacity).toBe(d);
    expect(sh('sg_readcap', [dev.path])).toContain('Number of logical blocks=131072');
  });

  it('reportLuns lists LUN 0', async () => {
    const luns = await dev.reportLuns();
    expect(luns.luns.map((l) => l.linuxLun)).toEqual([0n]);
    expect(dev.reportLunsSync({ selectReport: 2 }).luns.length).toBeGreaterThanOrEqual(1);
  });

  it('modeSense decodes the caching page with (10) and (6), and all pages', async () => {
    const ten = await dev.modeSense(0x08);
    const caching = ten.pages[0] as CachingModePage;
    expect(caching.pageCode).toBe(0x08);
    expect(typeof caching.wce).toBe('boolean');
    const six = dev.modeSenseSync(0x08, { cdbSize: 6 });
    expect((six.pages[0] as CachingModePage).wce).toBe(caching.wce);
    const all = await dev.modeSense(0x3f, { disableBlockDescriptors: false });
    expect(all.blockDescriptors.length).toBe(1);
    const codes = all.pages.map((p) => p.pageCode);
    expect(codes).toEqual(expect.arrayContaining([0x01, 0x08, 0x0a, 0x1c]));
    // sg_modes prints each page as '>> Name' and a hex dump whose first byte is the page code
    const sgModes = sh('sg_modes', ['-a', dev.path]).split('\n');
    const theirCodes = sgModes.flatMap((line, i) => (line.startsWith('>>') ? [parseInt(/^ 00\s+([0-9a-f]{2})/.exec(sgModes[i + 1]!)![1]!, 16) & 0x3f] : []));
    expect(codes).toEqual(theirCodes);
    const changeable = await dev.modeSense(0x08, { pageControl: 'changeable' });
    expect(changeable.pages[0]!.pageCode).toBe(0x08);
  });

  it('logSense decodes the supported pages and the temperature page', async () => {
    const supported = (await dev.logSense(0)) as SupportedLogPages;
    expect(supported.supportedPages).toEqual(expect.arrayContaining([0x00, 0x0d]));
    const temperature = dev.logSenseSync(0x0d);
    expect(temperature.pageCode).toBe(0x0d);
    expect('currentTemperature' in temperature && typeof temperature.currentTemperature).toBe('number');
  });

  it('verify checks the medium, compares data, and reports a miscompare', async () => {
    const data = pattern(8 * 512, 42);
    await dev.writeBlocks(2000, data);
    await dev.verify(0, 4096);
    await dev.verify(2000, 8, { data });
    dev.verifySync(2000, 8, { data, cdbSize: 16 });
    const wrong = data.slice();
    wrong[100] = wrong[100]! ^ 0xff;
    const err = await dev.verify(2000, 8, { data: wrong }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckConditionError);
    expect((err as CheckConditionError).senseKey).toBe(SenseKey.MISCOMPARE);
  });

  it('synchronizeCache flushes everything or a range, with either CDB', async () => {
    await dev.synchronizeCache();
    await dev.synchronizeCache({ lba: 10, count: 100 });
    dev.synchronizeCacheSync({ lba: 0n, count: 70_000, immediate: false, timeout: 5000 }); // more than 65535 blocks: the 16-byte CDB
  });

  it('block reads past the end fail with ILLEGAL REQUEST, LBA out of range', async () => {
    const err = await dev.readBlocks(131072, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckConditionError);
    expect((err as CheckConditionError).senseKey).toBe(SenseKey.ILLEGAL_REQUEST);
    expect((err as CheckConditionError).asc).toBe(0x21);
  });
});

describe('write same and unmap on the thin profile', () => {
  let dev: SgDevice;
  beforeAll(async () => {
    const [d] = await reloadScsiDebug('thin');
    dev = await SgDevice.open(d!.path);
    await dev.testUnitReady();
  });
  afterAll(async () => {
    await dev.close();
    await reloadScsiDebug('default');
  });

  it('reports thin provisioning in READ CAPACITY(16) and the LBP VPD page', async () => {
    const c = await dev.readCapacity({ detailed: true });
    expect(c.lbpme).toBe(true);
    expect(c.lbprz).toBe(true);
    const lbp = (await dev.vpd(0xb2)) as LogicalBlockProvisioningVpdPage;
    expect(lbp).toMatchObject({ lbpu: true, lbpws: true, lbpws10: true });
  });

  it('writeSame replicates one block; with unmap the blocks read back as zeros', async () => {
    const block = pattern(512, 7);
    await dev.writeSame(4096, 64, { data: block });
    const back = await dev.readBlocks(4096, 64);
    for (let i = 0; i < 64; i++) expect(back.subarray(i * 512, (i + 1) * 512)).toEqual(block);
    dev.writeSameSync(4096, 64, { unmap: true, cdbSize: 16 });
    expect((await dev.readBlocks(4096, 64)).every((b) => b === 0)).toBe(true);
    await dev.writeSame(8192, 16, { noDataOut: true });
    expect((await dev.readBlocks(8192, 16)).every((b) => b === 0)).toBe(true);
  });

  it('unmap deallocates one or several ranges, which then read as zeros (LBPRZ)', async () => {
    const data = pattern(256 * 512, 9);
    await dev.writeBlocks(16384, data);
    await dev.writeBlocks(20480, data);
    expect(await dev.readBlocks(16384, 256)).toEqual(data);
    await dev.unmap({ lba: 16384, count: 256 });
    expect((await dev.readBlocks(16384, 256)).every((b) => b === 0)).toBe(true);
    await dev.writeBlocks(16384, data);
    dev.unmapSync([
      { lba: 16384, count: 128 },
      { lba: 20480n, count: 256 },
    ]);
    const after = await dev.readBlocks(16384, 256);
    expect(after.subarray(0, 128 * 512).every((b) => b === 0)).toBe(true);
    expect(after.subarray(128 * 512)).toEqual(data.subarray(128 * 512));
    expect((await dev.readBlocks(20480, 256)).every((b) => b === 0)).toBe(true);
  });
});
