import { describe, expect, it } from 'vitest';
import { MB_CMD_HEAD, MB_CMD_TAIL, REQ_CDB_OFF, REQ_IOV, RSP_SCSI_STATUS, RSP_SENSE, TCMU_CMD_ENTRY_MIN } from './abi.js';
import { MAP_ANONYMOUS, MAP_SHARED, mmap } from '@sgio/libc';
import { type DataAreaCopier, TcmuRing } from './tcmu-ring.js';

const CMDR_OFF = 128;
const CMDR_SIZE = 1024;
const DATA_OFF = CMDR_OFF + CMDR_SIZE;
const SIZE = DATA_OFF + 16384;

/** A fake kernel side: writes entries the way target_core_user does. */
function fakeKernel(flags = 0b111, bytes: Uint8Array = new Uint8Array(SIZE)) {
  const dv = new DataView(bytes.buffer);
  dv.setUint16(0, 2, true);
  dv.setUint16(2, flags, true);
  dv.setUint32(4, CMDR_OFF, true);
  dv.setUint32(8, CMDR_SIZE, true);
  let head = 0;
  let nextId = 1;
  let dataAt = DATA_OFF;
  const add = (cdb: number[], dataLength: number, dataOut?: Uint8Array) => {
    // the kernel's sizing: max(offsetof(req.iov[1]), sizeof(entry)) + the CDB rounded to 8
    const base = Math.max(REQ_IOV + 16, TCMU_CMD_ENTRY_MIN);
    const len = base + Math.ceil(cdb.length / 8) * 8;
    if (CMDR_SIZE - head < len) {
      dv.setUint32(CMDR_OFF + head, (CMDR_SIZE - head) | 0, true); // PAD
      head = 0;
    }
    const at = CMDR_OFF + head;
    bytes.fill(0, at, at + len);
    dv.setUint32(at, len | 1, true);
    const id = nextId++;
    dv.setUint16(at + 4, id, true);
    dv.setUint32(at + 8, 1, true);
    const cdbOff = at + base;
    dv.setBigUint64(at + REQ_CDB_OFF, BigInt(cdbOff), true);
    dv.setBigUint64(at + REQ_IOV, BigInt(dataAt), true);
    dv.setBigUint64(at + REQ_IOV + 8, BigInt(dataLength), true);
    bytes.set(cdb, cdbOff);
    if (dataOut) bytes.set(dataOut, dataAt);
    dataAt += dataLength;
    head = (head + len) % CMDR_SIZE;
    dv.setUint32(MB_CMD_HEAD, head, true);
    return { id, at };
  };
  return { bytes, dv, add, setHead: (h: number) => dv.setUint32(MB_CMD_HEAD, h, true) };
}

describe('TcmuRing', () => {
  it('finds the CDB where the kernel puts it: a one-iovec INQUIRY entry is 120 bytes (measured in the lab)', () => {
    const k = fakeKernel();
    const ring = new TcmuRing(k.bytes);
    k.add([0x12, 0, 0, 0, 0x24, 0], 36);
    expect(k.dv.getUint32(MB_CMD_HEAD, true)).toBe(120);
    expect([...ring.poll()[0]!.cdb]).toEqual([0x12, 0, 0, 0, 0x24, 0]);
  });

  it('reads a command, scatters data-in, completes it and moves cmd_tail', () => {
    const k = fakeKernel();
    const ring = new TcmuRing(k.bytes);
    const { id, at } = k.add([0x12, 0, 0, 0, 36, 0], 36);
    const [cmd] = ring.poll();
    expect(cmd!.cmdId).toBe(id);
    expect([...cmd!.cdb]).toEqual([0x12, 0, 0, 0, 36, 0]);
    expect(cmd!.dataLength).toBe(36);
    expect(ring.writeData(cmd!, new Uint8Array(100).fill(7))).toBe(36);
    expect(k.bytes[DATA_OFF + 35]).toBe(7);
    expect(k.bytes[DATA_OFF + 36]).toBe(0);
    ring.complete(id, { status: 2, sense: Uint8Array.of(0x70, 0, 5) });
    expect(k.bytes[at + RSP_SCSI_STATUS]).toBe(2);
    expect(k.bytes[at + RSP_SENSE + 2]).toBe(5);
    expect(k.dv.getUint32(MB_CMD_TAIL, true)).toBe(k.dv.getUint32(MB_CMD_HEAD, true));
    expect(() => ring.complete(id, { status: 0 })).toThrow(/not in flight/);
    expect(() => ring.writeData(cmd!, new Uint8Array(1))).toThrow(/already completed/);
  });

  it('with a mapping as copier, the kernel copies the data (process_vm_writev/readv) to and from the same bytes', () => {
    using m = mmap({ length: SIZE, flags: MAP_SHARED | MAP_ANONYMOUS });
    const k = fakeKernel(0b111, m.view);
    const calls: string[] = [];
    const copier: DataAreaCopier = {
      copyIn: (source, pieces) => (calls.push('in'), m.copyIn(source, pieces)),
      copyOut: (pieces, target) => (calls.push('out'), m.copyOut(pieces, target)),
    };
    const ring = new TcmuRing(m.view, copier);
    k.add([0x12, 0, 0, 0, 36, 0], 36);
    k.add([0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0], 512, new Uint8Array(512).fill(0x5a));
    const [read, write] = ring.poll();
    expect(ring.writeData(read!, new Uint8Array(100).fill(7))).toBe(36);
    expect(k.bytes[DATA_OFF + 35]).toBe(7);
    expect(k.bytes[DATA_OFF + 36]).toBe(0x5a); // the next command's data-out, untouched
    const out = ring.readData(write!);
    expect(out.length).toBe(512);
    expect(out.every((b) => b === 0x5a)).toBe(true);
    expect(calls).toEqual(['in', 'out']);
  });

  it('falls back to copies through the bytes when the kernel has no cross-memory attach (ENOSYS), and says so on a short copy', () => {
    const k = fakeKernel();
    const noKernelCopy: DataAreaCopier = {
      copyIn: () => {
        throw Object.assign(new Error('process_vm_writev: ENOSYS'), { code: 'ENOSYS' });
      },
      copyOut: () => 0,
    };
    const ring = new TcmuRing(k.bytes, noKernelCopy);
    k.add([0x12, 0, 0, 0, 36, 0], 36);
    const [cmd] = ring.poll();
    expect(ring.writeData(cmd!, new Uint8Array(36).fill(3))).toBe(36);
    expect(k.bytes[DATA_OFF + 35]).toBe(3);
    // the copier is off now: readData copies through the bytes too (the fake's copyOut would return 0)
    expect(ring.readData(cmd!)[35]).toBe(3);
    const k2 = fakeKernel();
    const short: DataAreaCopier = { copyIn: () => 10, copyOut: () => 10 };
    const ring2 = new TcmuRing(k2.bytes, short);
    k2.add([0x12, 0, 0, 0, 36, 0], 36);
    const [cmd2] = ring2.poll();
    expect(() => ring2.writeData(cmd2!, new Uint8Array(36))).toThrow(expect.objectContaining({ code: 'ETCMU_DATA' }));
  });

  it('passes PAD entries and wraps; completes out of order into the first free slot', () => {
    const k = fakeKernel();
    const ring = new TcmuRing(k.bytes);
    const seen: number[] = [];
    for (let round = 0; round < 12; round++) {
      const a = k.add([0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], 512);
      const b = k.add([0x00, 0, 0, 0, 0, 0], 0);
      const cmds = ring.poll();
      expect(cmds.map((c) => c.cmdId)).toEqual([a.id, b.id]);
      ring.complete(b.id, { status: 0 });
      // b's completion went into a's slot: the kernel pairs by cmd_id
      expect(k.dv.getUint16(a.at + 4, true)).toBe(b.id);
      ring.complete(a.id, { status: 0 });
      expect(k.dv.getUint32(MB_CMD_TAIL, true)).toBe(k.dv.getUint32(MB_CMD_HEAD, true));
      seen.push(a.id);
    }
    expect(seen.length).toBe(12);
  });

  it('without out-of-order completion, waits for the head-of-line command', () => {
    const k = fakeKernel(0);
    const ring = new TcmuRing(k.bytes);
    const a = k.add([0, 0, 0, 0, 0, 0], 0);
    const b = k.add([0, 0, 0, 0, 0, 0], 0);
    ring.poll();
    ring.complete(b.id, { status: 0 });
    expect(k.dv.getUint32(MB_CMD_TAIL, true)).toBe(0);
    ring.complete(a.id, { status: 0 });
    expect(k.dv.getUint32(MB_CMD_TAIL, true)).toBe(k.dv.getUint32(MB_CMD_HEAD, true));
  });

  it('answers malformed entries instead of reading outside the mapping', () => {
    const k = fakeKernel();
    const ring = new TcmuRing(k.bytes);
    const { at } = k.add([0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], 512);
    k.dv.setBigUint64(at + REQ_IOV, BigInt(SIZE - 10), true); // iovec past the end
    const c = k.add([0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], 512);
    k.dv.setBigUint64(c.at + REQ_CDB_OFF, 0xffff_ffff_ffffn, true); // cdb_off outside
    const d = k.add([0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], 512);
    k.dv.setUint32(d.at + 8, 1000, true); // iov_cnt larger than the entry
    const cmds = ring.poll();
    expect(cmds.map((x) => x.malformed !== undefined)).toEqual([true, true, true]);
  });

  it('stops with ETCMU_RING_BROKEN on a head or entry length outside the ring', () => {
    const k = fakeKernel();
    const ring = new TcmuRing(k.bytes);
    k.setHead(CMDR_SIZE + 8);
    expect(() => ring.poll()).toThrow(expect.objectContaining({ code: 'ETCMU_RING_BROKEN' }));
    const k2 = fakeKernel();
    const ring2 = new TcmuRing(k2.bytes);
    const { at } = k2.add([0, 0, 0, 0, 0, 0], 0);
    k2.dv.setUint32(at, (CMDR_SIZE * 2) | 1, true);
    expect(() => ring2.poll()).toThrow(/outside the ring/);
    expect(() => ring2.poll()).toThrow(/broken/);
  });

  it('refuses a mailbox of another version or a ring outside the mapping', () => {
    const k = fakeKernel();
    k.dv.setUint16(0, 1, true);
    expect(() => new TcmuRing(k.bytes)).toThrow(expect.objectContaining({ code: 'ETCMU_MAILBOX' }));
    const k2 = fakeKernel();
    k2.dv.setUint32(8, SIZE, true);
    expect(() => new TcmuRing(k2.bytes)).toThrow(/outside/);
    expect(() => new TcmuRing(new Uint8Array(10))).toThrow(/smaller than the mailbox/);
  });
});
