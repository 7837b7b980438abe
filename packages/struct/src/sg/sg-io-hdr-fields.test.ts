import { describe, expect, it } from 'vitest';
import { SG_IO_HDR_SIZE, encodeSgIoHdr, readSgIoHdrResult, type SgIoHdrResult } from './sg-io-hdr.js';
import { SG_IO_HDR_OFFSET, sgIoHdrDriverStatus, sgIoHdrDuration, sgIoHdrHostStatus, sgIoHdrInfo, sgIoHdrResid, sgIoHdrSbLenWr, sgIoHdrStatus } from './sg-io-hdr-fields.js';
import { HOST_LITTLE_ENDIAN } from './struct-layout.js';

describe('sg_io_hdr completion accessors', () => {
  it('use the offsets of the layout', () => {
    expect(SG_IO_HDR_OFFSET).toEqual({ status: 64, maskedStatus: 65, msgStatus: 66, sbLenWr: 67, hostStatus: 68, driverStatus: 70, resid: 72, duration: 76, info: 80 });
  });

  it('read what readSgIoHdrResult reads, at any offset', () => {
    const bytes = new Uint8Array(8 + 2 * SG_IO_HDR_SIZE);
    for (const offset of [0, 8 + SG_IO_HDR_SIZE]) {
      encodeSgIoHdr(bytes, offset, { dxferDirection: -3, cmdLen: 6, cmdp: 0x1000n });
      const v = new DataView(bytes.buffer);
      bytes[offset + 64] = 0x02;
      bytes[offset + 67] = 18;
      v.setUint16(offset + 68, 0x0e, HOST_LITTLE_ENDIAN);
      v.setUint16(offset + 70, 0x28, HOST_LITTLE_ENDIAN);
      v.setInt32(offset + 72, -4, HOST_LITTLE_ENDIAN);
      v.setUint32(offset + 76, 1234, HOST_LITTLE_ENDIAN);
      v.setUint32(offset + 80, 3, HOST_LITTLE_ENDIAN);
      const r = readSgIoHdrResult(bytes, offset, {} as SgIoHdrResult);
      expect(sgIoHdrStatus(bytes, offset)).toBe(r.status);
      expect(sgIoHdrSbLenWr(bytes, offset)).toBe(r.sbLenWr);
      expect(sgIoHdrHostStatus(bytes, offset)).toBe(r.hostStatus);
      expect(sgIoHdrDriverStatus(bytes, offset)).toBe(r.driverStatus);
      expect(sgIoHdrResid(bytes, offset)).toBe(r.resid);
      expect(sgIoHdrDuration(bytes, offset)).toBe(r.duration);
      expect(sgIoHdrInfo(bytes, offset)).toBe(r.info);
      expect([r.status, r.sbLenWr, r.hostStatus, r.driverStatus, r.resid, r.duration, r.info]).toEqual([2, 18, 0x0e, 0x28, -4, 1234, 3]);
    }
  });
});
