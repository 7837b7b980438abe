import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SG_DXFER_FROM_DEV,
  SG_FLAG_MMAP_IO,
  SG_FLAG_Q_AT_HEAD,
  SG_IO,
  SG_IO_HDR_SIZE,
  SG_IO_V4_SIZE,
  SG_REQ_INFO_SIZE,
  SG_IOVEC_SIZE,
  BSG_SUB_PROTOCOL_SCSI_TMF,
  createSgIoHdrResult,
  createSgIoV4Result,
  decodeSgIoHdr,
  decodeSgIoV4,
  decodeSgIovec,
  decodeSgReqInfo,
  decodeSgRequestTable,
  decodeSgScsiId,
  encodeSgIoHdr,
  encodeSgIoV4,
  encodeSgIovec,
  encodeSgReqInfo,
  encodeSgScsiId,
  readSgIoHdrResult,
  readSgIoV4Result,
  sgIoHdrLayout,
  HOST_LITTLE_ENDIAN,
} from './index.js';

/** Little-endian bytes of an integer, for hand-written expectations. */
const le = (value: number | bigint, size: number): number[] => {
  let v = BigInt.asUintN(size * 8, BigInt(value));
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
};

describe('sg constants', () => {
  it('have the values of <scsi/sg.h> with literal types', () => {
    const io: 0x2285 = SG_IO;
    expect(io).toBe(0x2285);
    expect(SG_DXFER_FROM_DEV).toBe(-3);
    expect(SG_FLAG_MMAP_IO).toBe(4);
    expect(SG_FLAG_Q_AT_HEAD).toBe(0x20);
    expect(BSG_SUB_PROTOCOL_SCSI_TMF).toBe(1);
    expect(HOST_LITTLE_ENDIAN).toBe(true);
  });
});

describe('sg_io_hdr', () => {
  const input = {
    dxferDirection: SG_DXFER_FROM_DEV,
    cmdLen: 16,
    mxSbLen: 64,
    iovecCount: 2,
    dxferLen: 0x10000,
    dxferp: 0x7f0011223344n,
    cmdp: 0x7f0000001000n,
    sbp: 0x7f0000002000,
    timeout: 60000,
    flags: SG_FLAG_MMAP_IO,
    packId: -7,
    usrPtr: 0x123456789an,
  };
  it('encodes every input field at its C offset, host byte order, output fields zero (hand-written bytes)', () => {
    const b = new Uint8Array(SG_IO_HDR_SIZE + 8).fill(0xee);
    encodeSgIoHdr(b, 4, input);
    const expected = [
      ...le(0x53, 4), // interface_id 'S'
      ...le(-3, 4), // dxfer_direction
      16, // cmd_len
      64, // mx_sb_len
      ...le(2, 2), // iovec_count
      ...le(0x10000, 4), // dxfer_len
      ...le(0x7f0011223344n, 8), // dxferp
      ...le(0x7f0000001000n, 8), // cmdp
      ...le(0x7f0000002000, 8), // sbp
      ...le(60000, 4), // timeout
      ...le(4, 4), // flags
      ...le(-7, 4), // pack_id
      0, 0, 0, 0, // padding
      ...le(0x123456789an, 8), // usr_ptr
      ...new Array<number>(24).fill(0), // status .. info, tail padding
    ];
    expect([...b.subarray(4, 4 + SG_IO_HDR_SIZE)]).toEqual(expected);
    expect([...b.subarray(0, 4)]).toEqual([0xee, 0xee, 0xee, 0xee]);
    expect([...b.subarray(92)]).toEqual([0xee, 0xee, 0xee, 0xee]);
  });
  it('decodes back, and readSgIoHdrResult fills the completion fields in place', () => {
    const b = new Uint8Array(SG_IO_HDR_SIZE);
    encodeSgIoHdr(b, 0, input);
    b.set([2, 1, 0, 18], 64); // status CHECK CONDITION, masked 1, msg 0, sb_len_wr 18
    b.set(le(7, 2), 68); // host_status DID_ERROR
    b.set(le(8, 2), 70); // driver_status DRIVER_SENSE
    b.set(le(-512, 4), 72); // resid
    b.set(le(15, 4), 76); // duration
    b.set(le(1, 4), 80); // info SG_INFO_CHECK
    const d = decodeSgIoHdr(b);
    expect(d).toMatchObject({ interfaceId: 0x53, dxferDirection: -3, cmdLen: 16, dxferp: 0x7f0011223344n, sbp: 0x7f0000002000n, packId: -7, usrPtr: 0x123456789an, status: 2, resid: -512 });
    const out = createSgIoHdrResult();
    expect(readSgIoHdrResult(b, 0, out)).toBe(out);
    expect(out).toEqual({ status: 2, maskedStatus: 1, msgStatus: 0, sbLenWr: 18, hostStatus: 7, driverStatus: 8, resid: -512, duration: 15, info: 1, packId: -7, usrPtr: 0x123456789a });
  });
  it('round-trips random headers (fast-check)', () => {
    const ptr = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    fc.assert(
      fc.property(
        fc.record({
          interfaceId: fc.integer(),
          dxferDirection: fc.integer({ min: -5, max: -1 }),
          cmdLen: fc.integer({ min: 0, max: 255 }),
          mxSbLen: fc.integer({ min: 0, max: 255 }),
          iovecCount: fc.integer({ min: 0, max: 65535 }),
          dxferLen: fc.nat(),
          dxferp: ptr,
          cmdp: ptr,
          sbp: ptr,
          timeout: fc.nat(),
          flags: fc.nat(),
          packId: fc.integer(),
          usrPtr: ptr,
        }),
        (h) => {
          const b = new Uint8Array(SG_IO_HDR_SIZE).fill(0xff);
          encodeSgIoHdr(b, 0, h);
          expect(decodeSgIoHdr(b)).toEqual({ ...h, status: 0, maskedStatus: 0, msgStatus: 0, sbLenWr: 0, hostStatus: 0, driverStatus: 0, resid: 0, duration: 0, info: 0 });
        },
      ),
    );
  });
  it('refuses out-of-range values and short buffers with the C member name', () => {
    const b = new Uint8Array(SG_IO_HDR_SIZE);
    expect(() => encodeSgIoHdr(b, 0, { ...input, cmdLen: 256 })).toThrow(/sg_io_hdr\.cmd_len/);
    expect(() => encodeSgIoHdr(b, 0, { ...input, dxferLen: -1 })).toThrow(/dxfer_len/);
    expect(() => encodeSgIoHdr(b, 0, { ...input, cmdp: -1n })).toThrow(/cmdp/);
    expect(() => encodeSgIoHdr(b, 0, { ...input, sbp: 2 ** 60 })).toThrow(/sbp/);
    expect(() => encodeSgIoHdr(b, 1, input)).toThrow(/needs 88 bytes at offset 1/);
    expect(() => readSgIoHdrResult(new Uint8Array(10), 0, createSgIoHdrResult())).toThrow(RangeError);
  });
  it('layout members are sorted, non-overlapping and fill the struct up to the padding', () => {
    let end = 0;
    for (const m of sgIoHdrLayout.members) {
      expect(m.offset).toBeGreaterThanOrEqual(end);
      end = m.offset + m.size;
    }
    expect(end).toBe(84);
  });
});

describe('sg_io_v4', () => {
  it('encodes at the bsg offsets (hand-written) and reads the completion in place', () => {
    const b = new Uint8Array(SG_IO_V4_SIZE).fill(0xff);
    encodeSgIoV4(b, 0, { requestLen: 6, request: 0x1000n, maxResponseLen: 32, response: 0x2000, dinXferLen: 512, dinXferp: 0x3000n, timeout: 5000, usrPtr: 99n, requestTag: 5 });
    expect([...b.subarray(0, 16)]).toEqual([...le(0x51, 4), ...le(0, 4), ...le(0, 4), ...le(6, 4)]);
    expect([...b.subarray(16, 32)]).toEqual([...le(0x1000, 8), ...le(5, 8)]);
    expect([...b.subarray(44, 56)]).toEqual([...le(32, 4), ...le(0x2000, 8)]);
    expect([...b.subarray(68, 72)]).toEqual(le(512, 4));
    expect([...b.subarray(80, 100)]).toEqual([...le(0x3000, 8), ...le(5000, 4), ...le(0, 4), ...le(99, 4)]);
    expect([...b.subarray(108)]).toEqual(new Array<number>(52).fill(0));
    b.set(le(2, 4), 116);
    b.set(le(-4, 4), 136);
    b.set(le(18, 4), 132);
    const out = readSgIoV4Result(b, 0, createSgIoV4Result());
    expect(out).toMatchObject({ deviceStatus: 2, dinResid: -4, responseLen: 18, usrPtr: 99 });
    expect(decodeSgIoV4(b)).toMatchObject({ guard: 0x51, request: 0x1000n, dinXferp: 0x3000n, deviceStatus: 2, generatedTag: 0n });
    expect(() => encodeSgIoV4(b, 0, { requestLen: -1, request: 0 })).toThrow(/request_len/);
  });
});

describe('sg_scsi_id, sg_req_info, sg_iovec', () => {
  it('sg_scsi_id round-trips, shorts signed', () => {
    const b = new Uint8Array(32);
    encodeSgScsiId(b, 0, { hostNo: 3, channel: 0, scsiId: 1, lun: 2, scsiType: 0, hCmdPerLun: 7, dQueueDepth: -1 });
    expect([...b.subarray(0, 24)]).toEqual([...le(3, 4), ...le(0, 4), ...le(1, 4), ...le(2, 4), ...le(0, 4), ...le(7, 2), ...le(-1, 2)]);
    expect(decodeSgScsiId(b)).toEqual({ hostNo: 3, channel: 0, scsiId: 1, lun: 2, scsiType: 0, hCmdPerLun: 7, dQueueDepth: -1 });
  });
  it('sg_req_info entries and the request table', () => {
    const table = new Uint8Array(SG_REQ_INFO_SIZE * 16);
    encodeSgReqInfo(table, SG_REQ_INFO_SIZE * 3, { reqState: 1, packId: 42, usrPtr: 0xabcn, duration: 10 });
    expect([...table.subarray(72, 96)]).toEqual([1, 0, 0, 0, ...le(42, 4), ...le(0xabc, 8), ...le(10, 4), 0, 0, 0, 0]);
    expect(decodeSgRequestTable(table)).toEqual([{ reqState: 1, orphan: 0, sgIoOwned: 0, problem: 0, packId: 42, usrPtr: 0xabcn, duration: 10 }]);
    expect(decodeSgReqInfo(table, 72).packId).toBe(42);
    expect(() => encodeSgReqInfo(table, 0, { packId: 2 ** 31 })).toThrow(/pack_id/);
  });
  it('sg_iovec', () => {
    const b = new Uint8Array(SG_IOVEC_SIZE * 2);
    encodeSgIovec(b, SG_IOVEC_SIZE, 0x7f00aa00bb00n, 4096);
    expect([...b.subarray(16)]).toEqual([...le(0x7f00aa00bb00n, 8), ...le(4096, 8)]);
    expect(decodeSgIovec(b, 16)).toEqual({ iovBase: 0x7f00aa00bb00n, iovLen: 4096n });
  });
});
