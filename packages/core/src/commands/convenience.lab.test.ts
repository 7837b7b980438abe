/**
 * The convenience methods of ScsiCommands against scsi_debug on the real sg
 * driver, checked against sg3_utils where it prints the same facts:
 * INQUIRY, VPD pages, capacity, LUNs, mode and log pages, TEST UNIT READY,
 * REQUEST SENSE, VERIFY (with a miscompare), SYNCHRONIZE CACHE, and on the
 * `thin` profile WRITE SAME and UNMAP with zeros read back (LBPRZ). The CDB
 * of each command is read off the device's execute calls (recordCdbs), so
 * the choice between the 10- and 16-byte forms is asserted, not assumed. On
 * a `virtual_gb` device past 2 TiB: READ CAPACITY(10) then (16), and READ(16)
 * for LBAs past 2^32.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDevice, reloadScsiDebug, requireLab } from '@sgio/lab';
import { SenseKey, type CachingModePage, type LogicalBlockProvisioningVpdPage, type SupportedLogPages, type SupportedVpdPages, type UnitSerialNumberVpdPage } from '@sgio/struct';
import { SgDevice } from '../device/sg-device.js';
import { CheckConditionError } from '../errors/scsi-errors.js';
import { recordCdbs, type CdbRecorder } from './test-support/record-cdbs.js';

requireLab('The convenience commands lab test');

const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });
const shRaw = (cmd: string, args: string[]): Uint8Array => new Uint8Array(execFileSync(cmd, args));

/** The first capture group of `re` in sg3_utils' output, or a failure that shows the output. */
function field(text: string, re: RegExp): string {
  const m = re.exec(text);
  if (!m) throw new Error(`no match for ${re} in:\n${text}`);
  return m[1]!;
}

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
    if (!('designators' in ids)) throw new Error('VPD 0x83 was not decoded as device identification');
    const di = sh('sg_vpd', ['-p', 'di', dev.path]);
    expect(ids.designators.length).toBe([...di.matchAll(/designator type:/g)].length);
    const naa = ids.designators.find((x) => x.designatorType === 'naa');
    expect(di).toContain(`0x${naa!.hex}`);
    const limits = dev.vpdSync(0xb0);
    expect(limits.pageCode).toBe(0xb0);
    const bl = sh('sg_vpd', ['-p', 'bl', dev.path]);
    if (!('maximumTransferLength' in limits)) throw new Error('VPD 0xB0 was not decoded as block limits');
    expect(limits.maximumTransferLength).toBe(Number(field(bl, /Maximum transfer length: (\d+)/)));
    expect(limits.optimalTransferLength).toBe(Number(field(bl, /Optimal transfer length: (\d+)/)));
    // a page without a dedicated decoder comes back generic, not as an error
    const generic = await dev.vpd(0x87);
    expect(generic.pageCode).toBe(0x87);
    await expect(dev.vpd(0x42)).rejects.toBeInstanceOf(CheckConditionError);
  });

  it('vpd() asks again with the declared length when a page does not fit (ATA information, 572 bytes)', async () => {
    const rec = recordCdbs(dev);
    const page = await dev.vpd(0x89);
    rec.restore();
    // INQUIRY 12h, EVPD, page 89h, allocation length in bytes 3..4: a first try, then the page's 4 + 568 bytes
    expect(rec.cdbs.map((c) => [c[0], c[1], c[2], (c[3]! << 8) | c[4]!])).toEqual([
      [0x12, 0x01, 0x89, 252],
      [0x12, 0x01, 0x89, 572],
    ]);
    if (!('satVendorId' in page)) throw new Error('VPD 0x89 was not decoded as ATA information');
    const ai = sh('sg_vpd', ['-p', 'ai', dev.path]);
    expect(page.satVendorId).toBe(field(ai, /SAT Vendor identification: (.*)/).trim());
    expect(page.identify?.model).toBe(field(ai, /model: (.*)/).trim());
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
    // sg_modes --raw with DBD: 8-byte header, then the caching page; WCE is bit 2 of page byte 2, RCD bit 0
    const raw = shRaw('sg_modes', ['-p', '0x08', '-d', '-r', dev.path]);
    expect([raw[8]! & 0x3f, caching.wce, caching.rcd]).toEqual([0x08, (raw[10]! & 0x04) !== 0, (raw[10]! & 0x01) !== 0]);
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
    const listed = sh('sg_logs', ['-p', '0x00', dev.path]);
    expect(supported.supportedPages).toEqual([...listed.matchAll(/^\s+0x([0-9a-f]{2})\s/gm)].map((m) => parseInt(m[1]!, 16)));
    const temperature = dev.logSenseSync(0x0d);
    expect(temperature.pageCode).toBe(0x0d);
    const t = sh('sg_logs', ['-p', '0x0d', dev.path]);
    if (!('currentTemperature' in temperature)) throw new Error('log page 0x0D was not decoded as the temperature page');
    expect(temperature.currentTemperature).toBe(Number(field(t, /Current temperature = (\d+) C/)));
    expect(temperature.referenceTemperature).toBe(Number(field(t, /Reference temperature = (\d+) C/)));
  });

  it('verify checks the medium, compares data, and reports a miscompare', async () => {
    const data = pattern(8 * 512, 42);
    await dev.writeBlocks(2000, data);
    const rec = recordCdbs(dev);
    await dev.verify(0, 4096);
    await dev.verify(2000, 8, { data });
    dev.verifySync(2000, 8, { data, cdbSize: 16 });
    rec.restore();
    // VERIFY(10): BYTCHK in byte 1 bits 2..1, LBA bytes 2..5, length 7..8; VERIFY(16): LBA 2..9, length 10..13
    expect(rec.hex()).toEqual(['2f000000000000100000', '2f02000007d000000800', '8f0200000000000007d0000000080000']);
    const wrong = data.slice();
    wrong[100] = wrong[100]! ^ 0xff;
    const err = await dev.verify(2000, 8, { data: wrong }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckConditionError);
    expect((err as CheckConditionError).senseKey).toBe(SenseKey.MISCOMPARE);
  });

  it('synchronizeCache flushes everything or a range, with either CDB', async () => {
    const rec = recordCdbs(dev);
    await dev.synchronizeCache();
    await dev.synchronizeCache({ lba: 10, count: 100 });
    dev.synchronizeCacheSync({ lba: 0n, count: 70_000, immediate: false, timeout: 5000 }); // more than 65535 blocks: the 16-byte CDB
    await dev.synchronizeCache({ lba: 65_536, count: 0xffff, immediate: true }); // the largest count (10) takes
    rec.restore();
    // SYNCHRONIZE CACHE(10) 35h: IMMED byte 1 bit 1, LBA 2..5, blocks 7..8; (16) 91h: LBA 2..9, blocks 10..13
    expect(rec.hex()).toEqual(['35000000000000000000', '35000000000a00006400', '91000000000000000000000111700000', '35020001000000ffff00']);
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
    const rec = recordCdbs(dev);
    await dev.writeSame(4096, 64, { data: block });
    const back = await dev.readBlocks(4096, 64);
    for (let i = 0; i < 64; i++) expect(back.subarray(i * 512, (i + 1) * 512)).toEqual(block);
    dev.writeSameSync(4096, 64, { unmap: true, cdbSize: 16 });
    expect((await dev.readBlocks(4096, 64)).every((b) => b === 0)).toBe(true);
    await dev.writeSame(8192, 16, { noDataOut: true });
    expect((await dev.readBlocks(8192, 16)).every((b) => b === 0)).toBe(true);
    rec.restore();
    // WRITE SAME(10) 41h; (16) 93h with UNMAP (byte 1 bit 3) or NDOB (bit 0, only in the 16-byte form); READ(10) 28h between
    expect(rec.hex().filter((c) => !c.startsWith('28'))).toEqual([
      '41000000100000004000',
      '93080000000000001000000000400000',
      '93010000000000002000000000100000',
    ]);
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

describe('a device past 2 TiB (scsi_debug virtual_gb=3000, 64 MiB of real store)', () => {
  let dev: SgDevice;
  let rec: CdbRecorder;
  const VIRTUAL_BLOCKS = (3000n * 2n ** 30n) / 512n; // 6,291,456,000: more than READ CAPACITY(10) can say
  beforeAll(async () => {
    const [d] = await reloadScsiDebug({ dev_size_mb: 64, sector_size: 512, delay: 0, virtual_gb: 3000 });
    dev = await SgDevice.open(d!.path);
    await dev.testUnitReady();
    rec = recordCdbs(dev);
  });
  afterAll(async () => {
    rec.restore();
    await dev.close();
    await reloadScsiDebug('default');
  });

  it('readCapacity asks READ CAPACITY(10), gets 0xFFFFFFFF, and asks (16): the numbers sg_readcap --16 prints', async () => {
    rec.clear();
    const c = await dev.readCapacity();
    expect(rec.hex().map((h) => h.slice(0, 4))).toEqual(['2500', '9e10']);
    const text = sh('sg_readcap', ['--16', dev.path]);
    expect(c).toMatchObject({ source: 16, blocks: VIRTUAL_BLOCKS, lastLba: VIRTUAL_BLOCKS - 1n, blockSize: 512 });
    expect(c.blocks).toBe(BigInt(field(text, /Number of logical blocks=(\d+)/)));
  });

  it('readBlocks uses READ(10) below 2^32 and READ(16) past it; the store wraps, so both read the same bytes', async () => {
    const data = pattern(4 * 512, 77);
    rec.clear();
    await dev.writeBlocks(100, data);
    const low = await dev.readBlocks(100, 4);
    const high = await dev.readBlocks(2n ** 32n + 100n, 4); // 2^32 is a multiple of the 131,072-block store
    expect(rec.hex()).toEqual([
      '2a000000006400000400',
      '28000000006400000400',
      '88000000000100000064000000040000',
    ]);
    expect(low).toEqual(data);
    expect(high).toEqual(data);
    // sg_dd reads the same bytes at the same high LBA
    const out = join(tmpdir(), `sgio-high-lba-${process.pid}.bin`);
    sh('sg_dd', [`if=${dev.path}`, `of=${out}`, 'bs=512', `skip=${2n ** 32n + 100n}`, 'count=4', 'cdbsz=16']);
    expect(new Uint8Array(readFileSync(out))).toEqual(data);
    rmSync(out, { force: true });
  });
});
