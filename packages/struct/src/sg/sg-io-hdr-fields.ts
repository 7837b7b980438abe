/**
 * Named offsets of the sg_io_hdr completion fields and accessors that read
 * one of them without decoding the whole header (no allocation), so code
 * needs no `header[68]! | header[69]!`. Offsets follow {@link sgIoHdrLayout}.
 */
import { sgIoHdrLayout } from './sg-io-hdr.js';
import { HOST_LITTLE_ENDIAN as LE, viewOf } from './struct-layout.js';

function offsetOf(name: string): number {
  const m = sgIoHdrLayout.members.find((x) => x.name === name);
  if (m === undefined) throw new Error(`sg_io_hdr layout has no member ${name}`);
  return m.offset;
}

/** Byte offsets of the sg_io_hdr completion fields (LP64), from {@link sgIoHdrLayout}. */
export const SG_IO_HDR_OFFSET = Object.freeze({
  /** `status` (u8): SCSI status byte. */
  status: offsetOf('status'),
  /** `masked_status` (u8). */
  maskedStatus: offsetOf('maskedStatus'),
  /** `msg_status` (u8). */
  msgStatus: offsetOf('msgStatus'),
  /** `sb_len_wr` (u8): sense bytes written. */
  sbLenWr: offsetOf('sbLenWr'),
  /** `host_status` (u16, host order): DID_*. */
  hostStatus: offsetOf('hostStatus'),
  /** `driver_status` (u16, host order): DRIVER_* | SUGGEST_*. */
  driverStatus: offsetOf('driverStatus'),
  /** `resid` (i32, host order). */
  resid: offsetOf('resid'),
  /** `duration` (u32, host order), milliseconds. */
  duration: offsetOf('duration'),
  /** `info` (u32, host order): SG_INFO_* bits. */
  info: offsetOf('info'),
});

/** `status` of the sg_io_hdr at `offset` in `header`: the SCSI status byte. */
export function sgIoHdrStatus(header: Uint8Array, offset = 0): number {
  return header[offset + SG_IO_HDR_OFFSET.status]!;
}

/** `host_status` of the sg_io_hdr at `offset`: the DID_* code (0 = DID_OK). */
export function sgIoHdrHostStatus(header: Uint8Array, offset = 0): number {
  return viewOf(header).getUint16(offset + SG_IO_HDR_OFFSET.hostStatus, LE);
}

/** `driver_status` of the sg_io_hdr at `offset`: DRIVER_* code and SUGGEST_* bits. */
export function sgIoHdrDriverStatus(header: Uint8Array, offset = 0): number {
  return viewOf(header).getUint16(offset + SG_IO_HDR_OFFSET.driverStatus, LE);
}

/** `sb_len_wr` of the sg_io_hdr at `offset`: how many sense bytes the driver wrote. */
export function sgIoHdrSbLenWr(header: Uint8Array, offset = 0): number {
  return header[offset + SG_IO_HDR_OFFSET.sbLenWr]!;
}

/** `resid` of the sg_io_hdr at `offset`: bytes requested minus bytes transferred. */
export function sgIoHdrResid(header: Uint8Array, offset = 0): number {
  return viewOf(header).getInt32(offset + SG_IO_HDR_OFFSET.resid, LE);
}

/** `duration` of the sg_io_hdr at `offset`, in milliseconds. */
export function sgIoHdrDuration(header: Uint8Array, offset = 0): number {
  return viewOf(header).getUint32(offset + SG_IO_HDR_OFFSET.duration, LE);
}

/** `info` of the sg_io_hdr at `offset`: the SG_INFO_* bits. */
export function sgIoHdrInfo(header: Uint8Array, offset = 0): number {
  return viewOf(header).getUint32(offset + SG_IO_HDR_OFFSET.info, LE);
}
