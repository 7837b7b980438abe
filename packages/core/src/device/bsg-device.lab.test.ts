/**
 * The bsg transports on the scsi_debug disk: the same commands as over sg
 * give the same answers, data written through one transport reads back
 * through the other, errors map to the same typed errors, and the
 * resource rules (mmap refused, close idempotent, use after close) hold.
 * Every case runs on each transport the kernel offers: SG_IO always, and
 * io_uring where the bsg driver has its passthrough handler (Linux 7.2:
 * `sgio-lab --kernel unstable`); on a kernel without it, the test proves
 * that `auto` falls back to SG_IO and that asking for io_uring says why not.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDevice, requireLab } from '@sgio/lab';
import { ScsiStatus, SenseKey, inquiry, read10, readCapacity10 } from '@sgio/struct';
import { SgDevice } from './sg-device.js';
import { CheckConditionError } from '../errors/scsi-errors.js';
import { DeviceClosedError, TransferModeError, TransportUnavailableError } from '../errors/sgio-error.js';
import { probeUringPassthrough } from '../transport/io-uring/passthrough-probe.js';
import { BsgDevice, type BsgTransportChoice } from './bsg-device.js';
import { bsgPathFor } from './bsg-path.js';

requireLab('The bsg transport lab test');

function fill(bytes: number, seed: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (i * 31 + seed * 7 + (i >> 9)) & 0xff;
  return out;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const support = probeUringPassthrough(bsgPathFor(firstDevice().path));
const transports: BsgTransportChoice[] = support.supported ? ['sg_io', 'io_uring'] : ['sg_io'];

describe('choosing the transport', () => {
  it(`auto takes io_uring exactly when the kernel offers it (here: ${support.supported ? 'it does' : 'it does not'}, Linux ${support.kernel})`, async () => {
    const auto = await BsgDevice.open(firstDevice().path);
    try {
      expect(auto.transport.capabilities.kind).toBe(support.supported ? 'bsg-uring' : 'bsg');
    } finally {
      await auto.close();
    }
    if (!support.supported) {
      const refused = await BsgDevice.open(firstDevice().path, { transport: 'io_uring' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TransportUnavailableError);
      expect((refused as TransportUnavailableError).code).toBe('ERR_TRANSPORT_UNAVAILABLE');
      expect((refused as Error).message).toMatch(/EOPNOTSUPP.*no uring_cmd handler.*Use transport 'sg_io'/);
    }
  });
});

describe.each(transports)('BsgDevice over %s on the default profile', (transport) => {
  let sg: SgDevice;
  let bsg: BsgDevice;

  beforeAll(async () => {
    const d = firstDevice();
    sg = await SgDevice.open(d.path);
    await sg.testUnitReady();
    bsg = await BsgDevice.open(d.path, { transport });
    expect(bsg.transport.capabilities.kind).toBe(transport === 'io_uring' ? 'bsg-uring' : 'bsg');
  });
  afterAll(async () => {
    await bsg.close();
    await sg.close();
  });

  it('finds the node of the sg device, the same one lsscsi names', () => {
    const hctl = execFileSync('lsscsi', ['-g'], { encoding: 'utf8' }).match(/^\[(\d+:\d+:\d+:\d+)\]/)![1]!;
    expect(bsgPathFor(sg.path)).toBe(`/dev/bsg/${hctl}`);
    expect(bsg.path).toBe(`/dev/bsg/${hctl}`);
    expect(bsg.address).toEqual({ host: sg.scsiId.host, channel: sg.scsiId.channel, target: sg.scsiId.target, lun: sg.scsiId.lun });
  });

  it('answers the identification commands as sg does', async () => {
    await bsg.testUnitReady();
    expect(await bsg.inquiry()).toEqual(await sg.inquiry());
    expect(bsg.inquirySync()).toEqual(sg.inquirySync());
    expect(await bsg.vpd(0x83)).toEqual(await sg.vpd(0x83));
    expect(await bsg.readCapacity({ detailed: true })).toEqual(await sg.readCapacity({ detailed: true }));
    expect(await bsg.reportLuns()).toEqual(await sg.reportLuns());
    expect(await bsg.modeSense(0x3f)).toEqual(await sg.modeSense(0x3f));
    expect(bsg.logSenseSync(0)).toEqual(sg.logSenseSync(0));
    expect((await bsg.requestSense())?.senseKey).toBe(SenseKey.NO_SENSE);
  });

  it('runs definitions and raw CDBs, sync and async, with residuals', async () => {
    const r = await bsg.execute(inquiry, { allocationLength: 200 });
    expect(r.ok).toBe(true);
    expect(r.requested).toBe(200);
    expect(r.transferred).toBeLessThan(200); // scsi_debug's standard INQUIRY is shorter
    expect(r.residual).toBe(200 - r.transferred);
    const raw = bsg.executeSync(readCapacity10.encode(), { receive: 8 });
    expect(raw.data!.length).toBe(8);
    expect(new DataView(raw.data!.buffer, raw.data!.byteOffset).getUint32(0)).toBe(131071);
  });

  it('moves data both ways between the transports, several commands in flight', async () => {
    const a = fill(64 * 512, 1);
    const b = fill(128 * 512, 2);
    await bsg.writeBlocks(3000, a);
    bsg.writeBlocksSync(4000, b, { cdbSize: 16 });
    expect(sha256(await sg.readBlocks(3000, 64))).toBe(sha256(a));
    expect(sha256(await sg.readBlocks(4000, 128, { cdbSize: 16 }))).toBe(sha256(b));
    await sg.writeBlocks(5000, b);
    const reads = await Promise.all([0, 32, 64, 96].map((off) => bsg.readBlocks(5000 + off, 32)));
    expect(sha256(Buffer.concat(reads))).toBe(sha256(b));
    expect(sha256(bsg.readBlocksSync(3000, 64, { transfer: 'direct' }))).toBe(sha256(a));
    await bsg.verify(5000, 128, { data: b });
  });

  it('streams the whole disk with the same checksum as sg_dd', async () => {
    const expected = execFileSync('sh', ['-c', `sg_dd if=${sg.path} bs=512 2>/dev/null | sha256sum`], { encoding: 'utf8' }).split(' ')[0];
    const hash = createHash('sha256');
    for await (const chunk of bsg.createReadStream()) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(expected);
  });

  it('maps CHECK CONDITION to the same typed error as sg', async () => {
    const viaBsg = await bsg.readBlocks(131072, 1).catch((e: unknown) => e);
    const viaSg = await sg.readBlocks(131072, 1).catch((e: unknown) => e);
    expect(viaBsg).toBeInstanceOf(CheckConditionError);
    const [e1, e2] = [viaBsg as CheckConditionError, viaSg as CheckConditionError];
    expect([e1.senseKey, e1.asc, e1.ascq, e1.category]).toEqual([e2.senseKey, e2.asc, e2.ascq, e2.category]);
    expect(e1.result.status).toBe(ScsiStatus.CHECK_CONDITION);
    const quiet = bsg.executeSync(read10, { lba: 131072, transferLength: 1 }, { throwOnError: false, retry: false });
    expect(quiet.status).toBe(ScsiStatus.CHECK_CONDITION);
    expect(quiet.sense?.senseKey).toBe(SenseKey.ILLEGAL_REQUEST);
  });

  it('refuses mmap IO and behaves after close', async () => {
    await expect(bsg.readBlocks(0, 1, { transfer: 'mmap' })).rejects.toBeInstanceOf(TransferModeError);
    const other = await BsgDevice.open(bsg.path, { transport });
    // execute() submits before it returns, so the read is in flight when close() starts
    const pending = other.execute(read10, { lba: 0, transferLength: 256 }).then((r) => r.data);
    const closing = other.close();
    await expect(pending).resolves.toHaveLength(256 * 512);
    await closing;
    await other.close();
    expect(other.closed).toBe(true);
    expect(() => other.inquirySync()).toThrow(DeviceClosedError);
    await expect(other.inquiry()).rejects.toBeInstanceOf(DeviceClosedError);
  });
});
