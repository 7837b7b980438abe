/**
 * `struct sg_io_v4` (bsg, `<linux/bsg.h>`), 160 bytes: the header of the
 * SG_IO ioctl on /dev/bsg/* nodes. Every member has a fixed-size type, so the
 * layout is the same on every architecture.
 */
import { BSG_GUARD } from './bsg-constants.js';
import { HOST_LITTLE_ENDIAN as LE, checkSpan, decodeStruct, members, readPointerNumber, viewOf, writePointer, type StructLayout } from './struct-layout.js';

/** `sizeof(struct sg_io_v4)`. */
export const SG_IO_V4_SIZE = 160;

/** The layout of `struct sg_io_v4`. */
export const sgIoV4Layout: StructLayout = {
  name: 'sg_io_v4',
  size: SG_IO_V4_SIZE,
  members: members([
    ['guard', 'guard', 0, 'i32'],
    ['protocol', 'protocol', 4, 'u32'],
    ['subprotocol', 'subprotocol', 8, 'u32'],
    ['requestLen', 'request_len', 12, 'u32'],
    ['request', 'request', 16, 'u64'],
    ['requestTag', 'request_tag', 24, 'u64'],
    ['requestAttr', 'request_attr', 32, 'u32'],
    ['requestPriority', 'request_priority', 36, 'u32'],
    ['requestExtra', 'request_extra', 40, 'u32'],
    ['maxResponseLen', 'max_response_len', 44, 'u32'],
    ['response', 'response', 48, 'u64'],
    ['doutIovecCount', 'dout_iovec_count', 56, 'u32'],
    ['doutXferLen', 'dout_xfer_len', 60, 'u32'],
    ['dinIovecCount', 'din_iovec_count', 64, 'u32'],
    ['dinXferLen', 'din_xfer_len', 68, 'u32'],
    ['doutXferp', 'dout_xferp', 72, 'u64'],
    ['dinXferp', 'din_xferp', 80, 'u64'],
    ['timeout', 'timeout', 88, 'u32'],
    ['flags', 'flags', 92, 'u32'],
    ['usrPtr', 'usr_ptr', 96, 'u64'],
    ['spareIn', 'spare_in', 104, 'u32'],
    ['driverStatus', 'driver_status', 108, 'u32'],
    ['transportStatus', 'transport_status', 112, 'u32'],
    ['deviceStatus', 'device_status', 116, 'u32'],
    ['retryDelay', 'retry_delay', 120, 'u32'],
    ['info', 'info', 124, 'u32'],
    ['duration', 'duration', 128, 'u32'],
    ['responseLen', 'response_len', 132, 'u32'],
    ['dinResid', 'din_resid', 136, 'i32'],
    ['doutResid', 'dout_resid', 140, 'i32'],
    ['generatedTag', 'generated_tag', 144, 'u64'],
    ['spareOut', 'spare_out', 152, 'u32'],
    ['padding', 'padding', 156, 'u32'],
  ]),
};

/** The input fields of an sg_io_v4; addresses and tags as bigint (or safe-integer numbers). */
export interface SgIoV4Input {
  /** `guard`; default `'Q'` (0x51). */
  readonly guard?: number;
  /** `protocol`; default BSG_PROTOCOL_SCSI (0). */
  readonly protocol?: number;
  /** `subprotocol`; default BSG_SUB_PROTOCOL_SCSI_CMD (0). */
  readonly subprotocol?: number;
  /** `request_len`: CDB length. */
  readonly requestLen: number;
  /** `request`: CDB address. */
  readonly request: bigint | number;
  /** `request_tag`; default 0. */
  readonly requestTag?: bigint | number;
  /** `request_attr`; default 0. */
  readonly requestAttr?: number;
  /** `request_priority`; default 0. */
  readonly requestPriority?: number;
  /** `request_extra`; default 0. */
  readonly requestExtra?: number;
  /** `max_response_len`: sense buffer size; default 0. */
  readonly maxResponseLen?: number;
  /** `response`: sense buffer address; default 0. */
  readonly response?: bigint | number;
  /** `dout_iovec_count`; default 0. */
  readonly doutIovecCount?: number;
  /** `dout_xfer_len`: bytes to the device; default 0. */
  readonly doutXferLen?: number;
  /** `din_iovec_count`; default 0. */
  readonly dinIovecCount?: number;
  /** `din_xfer_len`: bytes from the device; default 0. */
  readonly dinXferLen?: number;
  /** `dout_xferp`; default 0. */
  readonly doutXferp?: bigint | number;
  /** `din_xferp`; default 0. */
  readonly dinXferp?: bigint | number;
  /** `timeout` in milliseconds; default 0. */
  readonly timeout?: number;
  /** `flags`: BSG_FLAG bits; default 0. */
  readonly flags?: number;
  /** `usr_ptr`; default 0. */
  readonly usrPtr?: bigint | number;
  /** `spare_in`; default 0. */
  readonly spareIn?: number;
}

/** The completion fields of an sg_io_v4, filled by {@link readSgIoV4Result}. */
export interface SgIoV4Result {
  /** `driver_status`. */
  driverStatus: number;
  /** `transport_status`. */
  transportStatus: number;
  /** `device_status`: SCSI status. */
  deviceStatus: number;
  /** `retry_delay`. */
  retryDelay: number;
  /** `info`. */
  info: number;
  /** `duration` in milliseconds. */
  duration: number;
  /** `response_len`: sense bytes written. */
  responseLen: number;
  /** `din_resid`. */
  dinResid: number;
  /** `dout_resid`. */
  doutResid: number;
  /** `usr_ptr` as a number (exact below 2^53). */
  usrPtr: number;
  /** `generated_tag` as a number (exact below 2^53). */
  generatedTag: number;
}

/** A whole decoded sg_io_v4; 64-bit members as bigint. */
export interface SgIoV4 extends Omit<SgIoV4Result, 'usrPtr' | 'generatedTag'> {
  /** `guard`. */
  guard: number;
  /** `protocol`. */
  protocol: number;
  /** `subprotocol`. */
  subprotocol: number;
  /** `request_len`. */
  requestLen: number;
  /** `request`. */
  request: bigint;
  /** `request_tag`. */
  requestTag: bigint;
  /** `request_attr`. */
  requestAttr: number;
  /** `request_priority`. */
  requestPriority: number;
  /** `request_extra`. */
  requestExtra: number;
  /** `max_response_len`. */
  maxResponseLen: number;
  /** `response`. */
  response: bigint;
  /** `dout_iovec_count`. */
  doutIovecCount: number;
  /** `dout_xfer_len`. */
  doutXferLen: number;
  /** `din_iovec_count`. */
  dinIovecCount: number;
  /** `din_xfer_len`. */
  dinXferLen: number;
  /** `dout_xferp`. */
  doutXferp: bigint;
  /** `din_xferp`. */
  dinXferp: bigint;
  /** `timeout`. */
  timeout: number;
  /** `flags`. */
  flags: number;
  /** `usr_ptr`. */
  usrPtr: bigint;
  /** `spare_in`. */
  spareIn: number;
  /** `generated_tag`. */
  generatedTag: bigint;
  /** `spare_out`. */
  spareOut: number;
  /** `padding`. */
  padding: number;
}

function u32(v: DataView, at: number, value: number, name: string): void {
  if (value !== value >>> 0) throw new RangeError(`sg_io_v4.${name}: expects an unsigned 32-bit integer, got ${String(value)}`);
  v.setUint32(at, value, LE);
}

function u64(v: DataView, at: number, value: bigint | number, name: string): void {
  if (typeof value === 'bigint' ? value < 0n || value > 0xffffffffffffffffn : typeof value !== 'number' || value < 0 || !Number.isSafeInteger(value)) {
    throw new RangeError(`sg_io_v4.${name}: expects a 64-bit unsigned bigint (or a safe non-negative integer), got ${String(value)}`);
  }
  writePointer(v, at, value);
}

/**
 * Encodes an sg_io_v4 into `target` at `offset`: input fields from `hdr`,
 * output fields zeroed (160 bytes written). Allocates nothing in steady state.
 */
export function encodeSgIoV4(target: Uint8Array, offset: number, hdr: SgIoV4Input): void {
  if (offset < 0 || offset + SG_IO_V4_SIZE > target.length || offset !== (offset | 0)) checkSpan('encodeSgIoV4', target, offset, SG_IO_V4_SIZE);
  const v = viewOf(target);
  const guard = hdr.guard ?? BSG_GUARD;
  if (guard !== (guard | 0)) throw new RangeError(`sg_io_v4.guard: expects a 32-bit integer, got ${String(guard)}`);
  v.setInt32(offset, guard, LE);
  u32(v, offset + 4, hdr.protocol ?? 0, 'protocol');
  u32(v, offset + 8, hdr.subprotocol ?? 0, 'subprotocol');
  u32(v, offset + 12, hdr.requestLen, 'request_len');
  u64(v, offset + 16, hdr.request, 'request');
  u64(v, offset + 24, hdr.requestTag ?? 0, 'request_tag');
  u32(v, offset + 32, hdr.requestAttr ?? 0, 'request_attr');
  u32(v, offset + 36, hdr.requestPriority ?? 0, 'request_priority');
  u32(v, offset + 40, hdr.requestExtra ?? 0, 'request_extra');
  u32(v, offset + 44, hdr.maxResponseLen ?? 0, 'max_response_len');
  u64(v, offset + 48, hdr.response ?? 0, 'response');
  u32(v, offset + 56, hdr.doutIovecCount ?? 0, 'dout_iovec_count');
  u32(v, offset + 60, hdr.doutXferLen ?? 0, 'dout_xfer_len');
  u32(v, offset + 64, hdr.dinIovecCount ?? 0, 'din_iovec_count');
  u32(v, offset + 68, hdr.dinXferLen ?? 0, 'din_xfer_len');
  u64(v, offset + 72, hdr.doutXferp ?? 0, 'dout_xferp');
  u64(v, offset + 80, hdr.dinXferp ?? 0, 'din_xferp');
  u32(v, offset + 88, hdr.timeout ?? 0, 'timeout');
  u32(v, offset + 92, hdr.flags ?? 0, 'flags');
  u64(v, offset + 96, hdr.usrPtr ?? 0, 'usr_ptr');
  u32(v, offset + 104, hdr.spareIn ?? 0, 'spare_in');
  target.fill(0, offset + 108, offset + SG_IO_V4_SIZE);
}

/** Reads the completion fields of the sg_io_v4 at `offset` into `out` (no allocation) and returns it. */
export function readSgIoV4Result(bytes: Uint8Array, offset: number, out: SgIoV4Result): SgIoV4Result {
  if (offset < 0 || offset + SG_IO_V4_SIZE > bytes.length || offset !== (offset | 0)) checkSpan('readSgIoV4Result', bytes, offset, SG_IO_V4_SIZE);
  const v = viewOf(bytes);
  out.usrPtr = readPointerNumber(v, offset + 96);
  out.driverStatus = v.getUint32(offset + 108, LE);
  out.transportStatus = v.getUint32(offset + 112, LE);
  out.deviceStatus = v.getUint32(offset + 116, LE);
  out.retryDelay = v.getUint32(offset + 120, LE);
  out.info = v.getUint32(offset + 124, LE);
  out.duration = v.getUint32(offset + 128, LE);
  out.responseLen = v.getUint32(offset + 132, LE);
  out.dinResid = v.getInt32(offset + 136, LE);
  out.doutResid = v.getInt32(offset + 140, LE);
  out.generatedTag = readPointerNumber(v, offset + 144);
  return out;
}

/** A zeroed {@link SgIoV4Result}, to pass to {@link readSgIoV4Result}. */
export function createSgIoV4Result(): SgIoV4Result {
  return { driverStatus: 0, transportStatus: 0, deviceStatus: 0, retryDelay: 0, info: 0, duration: 0, responseLen: 0, dinResid: 0, doutResid: 0, usrPtr: 0, generatedTag: 0 };
}

/** Decodes a whole sg_io_v4 (allocates). */
export function decodeSgIoV4(bytes: Uint8Array, offset = 0): SgIoV4 {
  return decodeStruct(sgIoV4Layout, bytes, offset) as unknown as SgIoV4;
}
