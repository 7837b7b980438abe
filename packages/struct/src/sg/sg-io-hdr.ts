/**
 * `struct sg_io_hdr` (sg v3 interface, `<scsi/sg.h>`), 88 bytes on LP64:
 * the header passed to the SG_IO ioctl and to write()/read() on /dev/sg*.
 */
import { SG_INTERFACE_ID_ORIG } from './flags.js';
import { HOST_LITTLE_ENDIAN as LE, checkSpan, decodeStruct, members, readPointerNumber, viewOf, writePointer, type StructLayout } from './struct-layout.js';

/** `sizeof(struct sg_io_hdr)` on LP64 Linux. */
export const SG_IO_HDR_SIZE = 88;

/** The layout of `struct sg_io_hdr` (LP64). */
export const sgIoHdrLayout: StructLayout = {
  name: 'sg_io_hdr',
  size: SG_IO_HDR_SIZE,
  members: members([
    ['interfaceId', 'interface_id', 0, 'i32'],
    ['dxferDirection', 'dxfer_direction', 4, 'i32'],
    ['cmdLen', 'cmd_len', 8, 'u8'],
    ['mxSbLen', 'mx_sb_len', 9, 'u8'],
    ['iovecCount', 'iovec_count', 10, 'u16'],
    ['dxferLen', 'dxfer_len', 12, 'u32'],
    ['dxferp', 'dxferp', 16, 'ptr'],
    ['cmdp', 'cmdp', 24, 'ptr'],
    ['sbp', 'sbp', 32, 'ptr'],
    ['timeout', 'timeout', 40, 'u32'],
    ['flags', 'flags', 44, 'u32'],
    ['packId', 'pack_id', 48, 'i32'],
    ['usrPtr', 'usr_ptr', 56, 'ptr'],
    ['status', 'status', 64, 'u8'],
    ['maskedStatus', 'masked_status', 65, 'u8'],
    ['msgStatus', 'msg_status', 66, 'u8'],
    ['sbLenWr', 'sb_len_wr', 67, 'u8'],
    ['hostStatus', 'host_status', 68, 'u16'],
    ['driverStatus', 'driver_status', 70, 'u16'],
    ['resid', 'resid', 72, 'i32'],
    ['duration', 'duration', 76, 'u32'],
    ['info', 'info', 80, 'u32'],
  ]),
};

/** The input fields of an sg_io_hdr (`[i]` in the header); pointers as bigint (or safe-integer numbers). */
export interface SgIoHdrInput {
  /** `interface_id`; default `'S'` (0x53). */
  readonly interfaceId?: number;
  /** `dxfer_direction`: one of `SG_DXFER` (-1 none, -2 to device, -3 from device, -4, -5). */
  readonly dxferDirection: number;
  /** `cmd_len`: CDB length in bytes. */
  readonly cmdLen: number;
  /** `mx_sb_len`: size of the sense buffer at `sbp`; default 0. */
  readonly mxSbLen?: number;
  /** `iovec_count`: 0 for a flat buffer, else the number of sg_iovec entries at `dxferp`. */
  readonly iovecCount?: number;
  /** `dxfer_len`: bytes of data. */
  readonly dxferLen?: number;
  /** `dxferp`: data buffer address (or sg_iovec array); default 0. */
  readonly dxferp?: bigint | number;
  /** `cmdp`: CDB address. */
  readonly cmdp: bigint | number;
  /** `sbp`: sense buffer address; default 0. */
  readonly sbp?: bigint | number;
  /** `timeout` in milliseconds; default 0 (0xFFFFFFFF: none). */
  readonly timeout?: number;
  /** `flags`: `SG_FLAG` bits; default 0. */
  readonly flags?: number;
  /** `pack_id`: request id for the async interface; default 0. */
  readonly packId?: number;
  /** `usr_ptr`: opaque value returned with the completion; default 0. */
  readonly usrPtr?: bigint | number;
}

/** The completion fields of an sg_io_hdr (`[o]` and `[i->o]`), filled by {@link readSgIoHdrResult}. */
export interface SgIoHdrResult {
  /** `status`: SCSI status byte. */
  status: number;
  /** `masked_status`: `(status >> 1) & 0x7f` (obsolete). */
  maskedStatus: number;
  /** `msg_status`. */
  msgStatus: number;
  /** `sb_len_wr`: sense bytes written to `sbp`. */
  sbLenWr: number;
  /** `host_status`: DID_* code of the host adapter. */
  hostStatus: number;
  /** `driver_status`: DRIVER_* code (and suggestion bits). */
  driverStatus: number;
  /** `resid`: `dxfer_len` minus the bytes actually transferred. */
  resid: number;
  /** `duration` in milliseconds. */
  duration: number;
  /** `info`: `SG_INFO` bits. */
  info: number;
  /** `pack_id` as submitted. */
  packId: number;
  /** `usr_ptr` as submitted, as a number (exact below 2^53; use {@link decodeSgIoHdr} for all 64 bits). */
  usrPtr: number;
}

/** A whole decoded sg_io_hdr; pointers as bigint. */
export interface SgIoHdr extends Omit<SgIoHdrResult, 'usrPtr'> {
  /** `interface_id`. */
  interfaceId: number;
  /** `dxfer_direction`. */
  dxferDirection: number;
  /** `cmd_len`. */
  cmdLen: number;
  /** `mx_sb_len`. */
  mxSbLen: number;
  /** `iovec_count`. */
  iovecCount: number;
  /** `dxfer_len`. */
  dxferLen: number;
  /** `dxferp`. */
  dxferp: bigint;
  /** `cmdp`. */
  cmdp: bigint;
  /** `sbp`. */
  sbp: bigint;
  /** `timeout` (ms). */
  timeout: number;
  /** `flags`. */
  flags: number;
  /** `usr_ptr`. */
  usrPtr: bigint;
}

function badField(name: string, expected: string, value: unknown): RangeError {
  return new RangeError(`sg_io_hdr.${name}: expects ${expected}, got ${String(value)}`);
}

/**
 * Encodes an sg_io_hdr into `target` at `offset`: the input fields from
 * `hdr`, every output field and the padding zeroed — all 88 bytes written.
 * Allocates nothing in steady state (the DataView is cached per buffer;
 * bigint pointers are written without conversion). Values are range checked.
 */
export function encodeSgIoHdr(target: Uint8Array, offset: number, hdr: SgIoHdrInput): void {
  if (offset < 0 || offset + SG_IO_HDR_SIZE > target.length || offset !== (offset | 0)) checkSpan('encodeSgIoHdr', target, offset, SG_IO_HDR_SIZE);
  const v = viewOf(target);
  const interfaceId = hdr.interfaceId ?? SG_INTERFACE_ID_ORIG;
  const dir = hdr.dxferDirection;
  const cmdLen = hdr.cmdLen;
  const mxSbLen = hdr.mxSbLen ?? 0;
  const iovecCount = hdr.iovecCount ?? 0;
  const dxferLen = hdr.dxferLen ?? 0;
  const timeout = hdr.timeout ?? 0;
  const flags = hdr.flags ?? 0;
  const packId = hdr.packId ?? 0;
  if (interfaceId !== (interfaceId | 0)) throw badField('interface_id', 'a 32-bit integer', interfaceId);
  if (dir !== (dir | 0)) throw badField('dxfer_direction', 'an SG_DXFER value', dir);
  if (cmdLen !== (cmdLen & 0xff)) throw badField('cmd_len', 'an integer 0..255', cmdLen);
  if (mxSbLen !== (mxSbLen & 0xff)) throw badField('mx_sb_len', 'an integer 0..255', mxSbLen);
  if (iovecCount !== (iovecCount & 0xffff)) throw badField('iovec_count', 'an integer 0..65535', iovecCount);
  if (dxferLen !== dxferLen >>> 0) throw badField('dxfer_len', 'an unsigned 32-bit integer', dxferLen);
  if (timeout !== timeout >>> 0) throw badField('timeout', 'an unsigned 32-bit integer (ms)', timeout);
  if (flags !== flags >>> 0) throw badField('flags', 'an unsigned 32-bit integer', flags);
  if (packId !== (packId | 0)) throw badField('pack_id', 'a signed 32-bit integer', packId);
  v.setInt32(offset, interfaceId, LE);
  v.setInt32(offset + 4, dir, LE);
  v.setUint8(offset + 8, cmdLen);
  v.setUint8(offset + 9, mxSbLen);
  v.setUint16(offset + 10, iovecCount, LE);
  v.setUint32(offset + 12, dxferLen, LE);
  writePtr(v, offset + 16, hdr.dxferp ?? 0, 'dxferp');
  writePtr(v, offset + 24, hdr.cmdp, 'cmdp');
  writePtr(v, offset + 32, hdr.sbp ?? 0, 'sbp');
  v.setUint32(offset + 40, timeout, LE);
  v.setUint32(offset + 44, flags, LE);
  v.setInt32(offset + 48, packId, LE);
  v.setUint32(offset + 52, 0, LE);
  writePtr(v, offset + 56, hdr.usrPtr ?? 0, 'usr_ptr');
  // output fields and tail padding
  v.setUint32(offset + 64, 0, LE);
  v.setUint32(offset + 68, 0, LE);
  v.setUint32(offset + 72, 0, LE);
  v.setUint32(offset + 76, 0, LE);
  v.setUint32(offset + 80, 0, LE);
  v.setUint32(offset + 84, 0, LE);
}

function writePtr(v: DataView, at: number, p: bigint | number, name: string): void {
  if (typeof p === 'bigint') {
    if (p < 0n || p > 0xffffffffffffffffn) throw badField(name, 'a 64-bit unsigned address', p);
  } else if (typeof p !== 'number' || p < 0 || !Number.isSafeInteger(p)) {
    throw badField(name, 'an address as a bigint (or a safe non-negative integer)', p);
  }
  writePointer(v, at, p);
}

/**
 * Reads the completion fields of the sg_io_hdr at `offset` into `out` and
 * returns it. Allocates nothing: reuse one result object per request slot.
 */
export function readSgIoHdrResult(bytes: Uint8Array, offset: number, out: SgIoHdrResult): SgIoHdrResult {
  if (offset < 0 || offset + SG_IO_HDR_SIZE > bytes.length || offset !== (offset | 0)) checkSpan('readSgIoHdrResult', bytes, offset, SG_IO_HDR_SIZE);
  const v = viewOf(bytes);
  out.packId = v.getInt32(offset + 48, LE);
  out.usrPtr = readPointerNumber(v, offset + 56);
  out.status = v.getUint8(offset + 64);
  out.maskedStatus = v.getUint8(offset + 65);
  out.msgStatus = v.getUint8(offset + 66);
  out.sbLenWr = v.getUint8(offset + 67);
  out.hostStatus = v.getUint16(offset + 68, LE);
  out.driverStatus = v.getUint16(offset + 70, LE);
  out.resid = v.getInt32(offset + 72, LE);
  out.duration = v.getUint32(offset + 76, LE);
  out.info = v.getUint32(offset + 80, LE);
  return out;
}

/** A zeroed {@link SgIoHdrResult}, to pass to {@link readSgIoHdrResult}. */
export function createSgIoHdrResult(): SgIoHdrResult {
  return { status: 0, maskedStatus: 0, msgStatus: 0, sbLenWr: 0, hostStatus: 0, driverStatus: 0, resid: 0, duration: 0, info: 0, packId: 0, usrPtr: 0 };
}

/** Decodes a whole sg_io_hdr (allocates; for logging, tests and tools). */
export function decodeSgIoHdr(bytes: Uint8Array, offset = 0): SgIoHdr {
  return decodeStruct(sgIoHdrLayout, bytes, offset) as unknown as SgIoHdr;
}
