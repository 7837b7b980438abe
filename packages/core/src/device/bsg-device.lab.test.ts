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
import { ScsiStatus, SenseKey, inquiry, read10, readCapacity10, write10 } from '@sgio/struct';
import { SgDevice } from './sg-device.js';
import { CheckConditionError } from '../errors/scsi-errors.js';
import { CommandCanceledError, DeviceClosedError, TransferModeError, TransportUnavailableError } from '../errors/sgio-error.js';
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

  it('runs prepared requests, synchronously and through the transport, with the data and errors of execute', async () => {
    const data = fill(32 * 512, 3);
    await sg.writeBlocks(6000, data);
    const buf = new Uint8Array(8 * 512);
    const req = bsg.prepare(read10, { lba: 6000, transferLength: 8 }, { receive: buf });
    expect(req.data).toBe(buf);
    expect(req.run().transferred).toBe(8 * 512);
    expect(sha256(buf)).toBe(sha256(data.subarray(0, 8 * 512)));
    // the CDB is updated in place between runs; submit() settles with the same status object
    read10.encodeInto(req.cdb, 0, { lba: 6008, transferLength: 8 });
    const pending = req.submit();
    expect(() => req.run()).toThrow(/in flight/);
    const twice = req.submit();
    await expect(twice).rejects.toThrow(/already in flight/);
    const status = await pending;
    expect(status).toBe(req.status);
    expect([status.status, status.transferred, status.residual]).toEqual([0, 8 * 512, 0]);
    expect(sha256(buf)).toBe(sha256(data.subarray(8 * 512, 16 * 512)));
    // a shorter transfer: the header's length follows setLength
    buf.fill(0);
    req.setLength(512);
    read10.encodeInto(req.cdb, 0, { lba: 6001, transferLength: 1 });
    expect((await req.submit()).transferred).toBe(512);
    expect(buf.subarray(0, 512)).toEqual(data.subarray(512, 1024));
    expect(buf.subarray(512).every((b) => b === 0)).toBe(true);
    req.setLength(8 * 512);

    // several at once, each into its own buffer, and a prepared WRITE read back through sg
    const bufs = [0, 1, 2, 3].map(() => new Uint8Array(8 * 512));
    const reqs = bufs.map((b, i) => bsg.prepare(read10, { lba: 6000 + 8 * i, transferLength: 8 }, { receive: b }));
    await Promise.all(reqs.map((r) => r.submit()));
    expect(sha256(Buffer.concat(bufs))).toBe(sha256(data));
    const out = fill(8 * 512, 9);
    const w = bsg.prepare(write10, { lba: 7000, transferLength: 8 }, { data: out });
    await w.submit();
    write10.encodeInto(w.cdb, 0, { lba: 7008, transferLength: 8 });
    w.run();
    expect(sha256(await sg.readBlocks(7000, 16))).toBe(sha256(Buffer.concat([out, out])));

    // a CHECK CONDITION: the typed error, or the status with throwOnError: false; the full result on demand
    read10.encodeInto(req.cdb, 0, { lba: 131072, transferLength: 8 });
    expect(() => req.run()).toThrow(CheckConditionError);
    await expect(req.submit()).rejects.toBeInstanceOf(CheckConditionError);
    const quiet = bsg.prepare(read10, { lba: 131072, transferLength: 1 }, { receive: 512, throwOnError: false });
    expect((await quiet.submit()).status).toBe(ScsiStatus.CHECK_CONDITION);
    expect(quiet.result()?.sense?.senseKey).toBe(SenseKey.ILLEGAL_REQUEST);
    expect(quiet.run().status).toBe(ScsiStatus.CHECK_CONDITION);
  });

  it('tells command listeners of prepared runs, and settles them across close', async () => {
    const other = await BsgDevice.open(bsg.path, { transport });
    const seen: string[] = [];
    other.addCommandListener((e) => seen.push(`${e.name} ${e.bytes}`));
    const req = other.prepare(read10, { lba: 0, transferLength: 4 }, { receive: 4 * 512 });
    req.run();
    const inFlight = req.submit();
    const closing = other.close();
    await expect(inFlight).resolves.toBe(req.status);
    await closing;
    expect(seen).toEqual(['READ(10) 2048', 'READ(10) 2048']);
    expect(() => req.run()).toThrow(DeviceClosedError);
    await expect(req.submit()).rejects.toBeInstanceOf(CommandCanceledError);
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
