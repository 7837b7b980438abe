import { decodeInquiry, decodeLbaStatus, decodeOneSupportedOpcode, decodeReadCapacity16, decodeSense, decodeSupportedOpcodes } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory-store.js';
import { request, run } from '../test-support/disk-initiator.js';
import { Sense } from './response.js';
import { ScsiDisk } from './scsi-disk.js';

/** An UNMAP parameter list with one block descriptor (header: data length 22, descriptor length 16). */
function unmapList(lba: bigint, blocks: number): Uint8Array<ArrayBuffer> {
  const list = new Uint8Array(24);
  const dv = new DataView(list.buffer);
  dv.setUint16(0, 22);
  dv.setUint16(2, 16);
  dv.setBigUint64(8, lba);
  dv.setUint32(16, blocks);
  return list;
}

describe('ScsiDisk defaults', () => {
  const disk = () => new ScsiDisk({ store: new MemoryStore(1 << 20), thin: true });

  it.each([0, 65536, 2.5, Number.NaN])('refuses a maximum transfer of %s blocks, which no hw_max_sectors can state', (maxTransferBlocks) => {
    expect(() => new ScsiDisk({ store: new MemoryStore(1 << 20), maxTransferBlocks })).toThrow(expect.objectContaining({ code: 'ETCMU_ARGUMENT', message: expect.stringMatching(/1\.\.65535 blocks/) }));
  });

  it('answers INQUIRY and READ CAPACITY(16) that struct decodes back', async () => {
    const d = disk();
    const inq = decodeInquiry((await run(d, request('inquiry'))).data!);
    expect(inq.vendorId.trim()).toBe('SGIO');
    expect(inq.productId.trim()).toBe('TS TCMU DISK');
    const cap = decodeReadCapacity16((await run(d, request('readCapacity16'))).data!);
    expect(cap.returnedLba).toBe(2047n);
    expect(cap.blockLength).toBe(512);
  });

  it('writes and reads back; refuses ranges past the end with LBA OUT OF RANGE', async () => {
    const d = disk();
    const data = new Uint8Array(1024).map((_, i) => i & 0xff);
    expect((await run(d, request('write10', { lba: 5, transferLength: 2 }, data))).status).toBe(0);
    expect((await run(d, request('read16', { lba: 5n, transferLength: 2 }))).data).toEqual(data);
    const bad = await run(d, request('read10', { lba: 2047, transferLength: 2 }));
    expect(decodeSense(bad.sense!)).toMatchObject({ senseKey: 5, asc: 0x21, ascq: 0 });
  });

  it('answers unknown commands with INVALID COMMAND OPERATION CODE, hooks override', async () => {
    const d = disk();
    const r = await run(d, request('formatUnit'));
    expect(decodeSense(r.sense!)).toMatchObject({ senseKey: 5, asc: 0x20 });
    d.handle('formatUnit', () => ({ status: 0 }));
    expect((await run(d, request('formatUnit'))).status).toBe(0);
  });

  it('injects medium errors at LBAs, unit attentions, drops', async () => {
    const d = disk();
    const h = d.faults.add({ commands: ['read10'], lbas: { first: 100, count: 4 }, sense: Sense.UNRECOVERED_READ_ERROR });
    const r = await run(d, request('read10', { lba: 98, transferLength: 8 }));
    expect(decodeSense(r.sense!)).toMatchObject({ senseKey: 3, asc: 0x11, information: 100n });
    expect((await run(d, request('read10', { lba: 0, transferLength: 8 }))).status).toBe(0);
    expect(h.hits).toBe(1);
    h.remove();
    d.faults.unitAttention();
    expect((await run(d, request('inquiry'))).status).toBe(0);
    expect(decodeSense((await run(d, request('testUnitReady'))).sense!)).toMatchObject({ senseKey: 6, asc: 0x29 });
    expect((await run(d, request('testUnitReady'))).status).toBe(0);
    d.faults.add({ commands: ['testUnitReady'], drop: true, times: 1 });
    expect(await d.execute(request('testUnitReady'))).toBe('drop');
  });

  it('UNMAP and WRITE SAME deallocate and fill', async () => {
    const d = disk();
    await run(d, request('write10', { lba: 0, transferLength: 1 }, new Uint8Array(512).fill(9)));
    expect((await run(d, request('unmap', { parameterListLength: 24 }, unmapList(0n, 1)))).status).toBe(0);
    expect((await run(d, request('read10', { lba: 0, transferLength: 1 }))).data).toEqual(new Uint8Array(512));
    expect((await run(d, request('writeSame16', { lba: 10n, numberOfBlocks: 3 }, new Uint8Array(512).fill(4)))).status).toBe(0);
    expect((await run(d, request('read10', { lba: 10, transferLength: 3 }))).data).toEqual(new Uint8Array(1536).fill(4));
  });
});

describe('GET LBA STATUS on a thin memory disk', () => {
  it('reports runs of mapped and deallocated 1 MiB chunks as the store allocates and frees them', async () => {
    const d = new ScsiDisk({ store: new MemoryStore(4 << 20), thin: true });
    const statusAt = async (lba: number) => decodeLbaStatus((await run(d, request('getLbaStatus', { lba: BigInt(lba), allocationLength: 4096 }))).data!).descriptors.map((x) => [Number(x.lba), Number(x.numberOfBlocks), x.provisioningStatus]);
    expect(await statusAt(0)).toEqual([[0, 8192, 1]]);
    // one block written in the second chunk allocates that chunk
    await run(d, request('write10', { lba: 2048 + 5, transferLength: 1 }, new Uint8Array(512).fill(1)));
    expect(await statusAt(0)).toEqual([
      [0, 2048, 1],
      [2048, 2048, 0],
      [4096, 4096, 1],
    ]);
    expect(await statusAt(3000)).toEqual([
      [3000, 1096, 0],
      [4096, 4096, 1],
    ]);
    // UNMAP of the whole chunk frees it again
    expect((await run(d, request('unmap', { parameterListLength: 24 }, unmapList(2048n, 2048)))).status).toBe(0);
    expect(await statusAt(0)).toEqual([[0, 8192, 1]]);
  });

  it('reports everything mapped on a disk that is not thin', async () => {
    const d = new ScsiDisk({ store: new MemoryStore(1 << 20), thin: false });
    const r = decodeLbaStatus((await run(d, request('getLbaStatus', { lba: 100n, allocationLength: 4096 }))).data!);
    expect(r.descriptors.map((x) => [Number(x.lba), Number(x.numberOfBlocks), x.provisioningStatus])).toEqual([[100, 1948, 0]]);
  });
});

describe('COMPARE AND WRITE and REPORT SUPPORTED OPERATION CODES', () => {
  const disk = (thin = false) => new ScsiDisk({ store: new MemoryStore(1 << 20), thin });
  const fill = (n: number, v: number) => new Uint8Array(n).fill(v);

  it('compare and write: writes only when the first half matches; a miscompare names the first unequal byte and writes nothing', async () => {
    const d = disk();
    await run(d, request('write10', { lba: 8, transferLength: 2 }, fill(1024, 0xaa)));
    const ok = await run(d, request('compareAndWrite', { lba: 8n, numberOfBlocks: 2 }, Uint8Array.from([...fill(1024, 0xaa), ...fill(1024, 0x55)])));
    expect(ok.status).toBe(0);
    expect((await run(d, request('read10', { lba: 8, transferLength: 2 }))).data).toEqual(fill(1024, 0x55));
    const expected = fill(1024, 0x55);
    expected[700] = 0;
    const miss = await run(d, request('compareAndWrite', { lba: 8n, numberOfBlocks: 2 }, Uint8Array.from([...expected, ...fill(1024, 0x11)])));
    expect(decodeSense(miss.sense!)).toMatchObject({ senseKey: 0xe, asc: 0x1d, ascq: 0, information: 700n });
    expect((await run(d, request('read10', { lba: 8, transferLength: 2 }))).data).toEqual(fill(1024, 0x55));
  });

  it('compare and write is atomic: a WRITE sent while it runs lands after it, never between its compare and its write', async () => {
    const store = new MemoryStore(1 << 20);
    // a slow store: every read and write waits a few ms, so the commands overlap
    const slow = {
      size: store.size,
      read: async (o: number, n: number) => (await new Promise((r) => setTimeout(r, 5)), store.read(o, n)),
      write: async (o: number, b: Uint8Array) => (await new Promise((r) => setTimeout(r, 5)), store.write(o, b)),
    };
    const d = new ScsiDisk({ store: slow });
    const caw = run(d, request('compareAndWrite', { lba: 0n, numberOfBlocks: 1 }, Uint8Array.from([...fill(512, 0), ...fill(512, 0x22)])));
    const write = run(d, request('write10', { lba: 0, transferLength: 1 }, fill(512, 0x33)));
    expect((await caw).status).toBe(0); // it compared against the zeros, before the WRITE
    expect((await write).status).toBe(0);
    expect((await run(d, request('read10', { lba: 0, transferLength: 1 }))).data).toEqual(fill(512, 0x33));
  });

  it('lists the commands it answers (UNMAP only when thin) and describes one with its CDB usage data', async () => {
    const list = decodeSupportedOpcodes((await run(disk(), request('reportSupportedOpcodes', { reportingOptions: 0 }))).data!);
    const ops = list.commands.map((c) => c.opcode);
    expect(ops).toEqual([...ops].sort((a, b) => a - b));
    expect(ops).toEqual(expect.arrayContaining([0x00, 0x12, 0x28, 0x2a, 0x89, 0xa3]));
    expect(ops).not.toContain(0x42);
    const thinOps = decodeSupportedOpcodes((await run(disk(true), request('reportSupportedOpcodes', { reportingOptions: 0 }))).data!).commands.map((c) => c.opcode);
    expect(thinOps).toContain(0x42);
    const one = decodeOneSupportedOpcode((await run(disk(), request('reportSupportedOpcodes', { reportingOptions: 1, requestedOpcode: 0x89 }))).data!);
    expect(one).toMatchObject({ supportName: 'supported', cdbSize: 16 });
    const none = decodeOneSupportedOpcode((await run(disk(), request('reportSupportedOpcodes', { reportingOptions: 1, requestedOpcode: 0x04 }))).data!);
    expect(none.supportName).toBe('not-supported');
    // MAINTENANCE IN has service actions: asking without one is an invalid field
    const wrong = await run(disk(), request('reportSupportedOpcodes', { reportingOptions: 1, requestedOpcode: 0xa3 }));
    expect(decodeSense(wrong.sense!)).toMatchObject({ senseKey: 5, asc: 0x24 });
    const withSa = decodeOneSupportedOpcode((await run(disk(), request('reportSupportedOpcodes', { reportingOptions: 2, requestedOpcode: 0xa3, requestedServiceAction: 0x0c }))).data!);
    expect(withSa.supportName).toBe('supported');
  });
});
