/**
 * The memory of one bsg request: its sg_io_v4 header and sense buffer,
 * allocated once and reused; and the translation of the v4 completion into
 * the sg_io_hdr-shaped fields the shared result builder reads.
 */
import { addressOf } from '@sgio/libc';
import {
  BSG_FLAG_Q_AT_HEAD,
  BSG_FLAG_Q_AT_TAIL,
  SG_INFO_CHECK,
  SG_IO_V4_SIZE,
  createSgIoHdrResult,
  createSgIoV4Result,
  encodeSgIoV4,
  readSgIoV4Result,
  type SgIoHdrResult,
} from '@sgio/struct';
import { MAX_SENSE_LENGTH, type PreparedCommand } from '../../execute/prepare.js';
import { LastBufferAddress } from '../buffer-address.js';
import { OutBounce } from '../out-bounce.js';

interface V4Input {
  requestLen: number;
  request: bigint | number;
  maxResponseLen: number;
  response: bigint | number;
  doutXferLen: number;
  dinXferLen: number;
  doutXferp: bigint | number;
  dinXferp: bigint | number;
  timeout: number;
  flags: number;
}

/** One reusable bsg request. */
export class V4Slot {
  /** The sg_io_v4 bytes handed to the driver. */
  readonly header = new Uint8Array(SG_IO_V4_SIZE);
  /** The sense (response) buffer. */
  readonly sense = new Uint8Array(MAX_SENSE_LENGTH);
  /** v4 completion fields. */
  readonly #v4 = createSgIoV4Result();
  /** The same completion in sg_io_hdr terms. */
  readonly completion: SgIoHdrResult = createSgIoHdrResult();
  readonly #senseAddress: bigint;
  /** Small data to send that crosses a page boundary unaligned goes from this slot's page-aligned memory (see ../out-bounce.ts). */
  readonly #bounce = new OutBounce();
  /** The last data buffer and its address (see ../buffer-address.ts). */
  readonly #dataAddress = new LastBufferAddress();
  readonly #input: V4Input = { requestLen: 0, request: 0, maxResponseLen: 0, response: 0, doutXferLen: 0, dinXferLen: 0, doutXferp: 0, dinXferp: 0, timeout: 0, flags: 0 };
  /** The command using the slot (kept referenced while the kernel may use its memory). */
  command: PreparedCommand | undefined;

  constructor() {
    this.#senseAddress = addressOf(this.sense);
  }

  /** Encodes the header for `command` (whose data and CDB must stay alive until completion). */
  encode(command: PreparedCommand): Uint8Array {
    const h = this.#input;
    const address = command.data !== undefined && command.length > 0 ? this.#dataAddress.of(command.data) : 0n;
    h.requestLen = command.cdb.length;
    h.request = addressOf(command.cdb);
    h.maxResponseLen = command.senseLength;
    h.response = command.senseLength > 0 ? this.#senseAddress : 0;
    h.doutXferLen = command.direction === 'out' ? command.length : 0;
    h.doutXferp = command.direction === 'out' && address !== 0n ? this.#bounce.addressFor(command.data!, command.length, address) : 0;
    h.dinXferLen = command.direction === 'in' ? command.length : 0;
    h.dinXferp = command.direction === 'in' ? address : 0;
    h.timeout = command.timeoutMs;
    // the v3 queueing flags have the same values as BSG_FLAG_Q_AT_*; direct and mmap bits mean nothing to bsg
    h.flags = command.flags & (BSG_FLAG_Q_AT_HEAD | BSG_FLAG_Q_AT_TAIL);
    encodeSgIoV4(this.header, 0, h);
    this.command = command;
    return this.header;
  }

  /** Copies bounced data to send again, before the header is issued once more (a prepared request's caller may have changed it). */
  refresh(): void {
    this.#bounce.refresh();
  }

  /**
   * Reads the completion and maps it onto sg_io_hdr fields: device_status
   * is the SCSI status, transport_status the host byte, din/dout_resid the
   * residual of the data direction, response_len the sense length.
   */
  complete(): SgIoHdrResult {
    const v4 = readSgIoV4Result(this.header, 0, this.#v4);
    const direction = this.command?.direction;
    const resid = direction === 'in' ? v4.dinResid : direction === 'out' ? v4.doutResid : 0;
    return fillHdrCompletion(this.completion, v4.deviceStatus, v4.transportStatus, v4.driverStatus, v4.responseLen, resid, v4.duration, v4.info & SG_INFO_CHECK);
  }
}

/**
 * Writes a bsg completion (SCSI status, host and driver status, sense bytes
 * written, residue, duration, `info`) into `c` as sg_io_hdr fields, for the
 * shared result builder: what the v4 header and the io_uring completion both give.
 */
export function fillHdrCompletion(c: SgIoHdrResult, status: number, hostStatus: number, driverStatus: number, senseLength: number, resid: number, duration: number, info: number): SgIoHdrResult {
  c.status = status & 0xff;
  c.maskedStatus = (c.status >> 1) & 0x7f;
  c.msgStatus = 0;
  c.sbLenWr = senseLength;
  c.hostStatus = hostStatus;
  c.driverStatus = driverStatus;
  c.resid = resid;
  c.duration = duration;
  c.info = info;
  c.packId = 0;
  c.usrPtr = 0;
  return c;
}
