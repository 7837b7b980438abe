/**
 * A request slot: the memory one outstanding sg request uses (its header and
 * sense buffer), allocated once and reused, so steady-state commands
 * allocate no driver structures.
 */
import { addressOf } from '@sgio/libc';
import { SG_IO_HDR_SIZE, createSgIoHdrResult, encodeSgIoHdr, type SgIoHdrResult } from '@sgio/struct';
import type { PreparedCommand } from '../execute/prepare.js';
import { MAX_SENSE_LENGTH } from '../execute/prepare.js';

/** The mutable header input a slot reuses for every command. */
interface HeaderInput {
  dxferDirection: number;
  cmdLen: number;
  mxSbLen: number;
  dxferLen: number;
  dxferp: bigint | number;
  cmdp: bigint | number;
  sbp: bigint | number;
  timeout: number;
  flags: number;
  packId: number;
  usrPtr: number;
}

/** One reusable request: header, sense buffer and completion fields. */
export class RequestSlot {
  /** The sg_io_hdr bytes handed to the driver. */
  readonly header = new Uint8Array(SG_IO_HDR_SIZE);
  /** The sense buffer the header points at. */
  readonly sense = new Uint8Array(MAX_SENSE_LENGTH);
  /** Completion fields, filled from the header after the command. */
  readonly completion: SgIoHdrResult = createSgIoHdrResult();
  private readonly input: HeaderInput = {
    dxferDirection: 0,
    cmdLen: 0,
    mxSbLen: 0,
    dxferLen: 0,
    dxferp: 0,
    cmdp: 0,
    sbp: 0,
    timeout: 0,
    flags: 0,
    packId: 0,
    usrPtr: 0,
  };
  private readonly senseAddress: bigint;

  constructor(readonly id: number) {
    this.senseAddress = addressOf(this.sense);
  }

  /** Encodes the header for `command`; `usrPtr` tags the submission. */
  encode(command: PreparedCommand, usrPtr: number): Uint8Array {
    const h = this.input;
    h.dxferDirection = command.dxferDirection;
    h.cmdLen = command.cdb.length;
    h.mxSbLen = command.senseLength;
    h.dxferLen = command.length;
    h.dxferp = command.data !== undefined && command.length > 0 ? addressOf(command.data) : 0;
    h.cmdp = addressOf(command.cdb);
    h.sbp = command.senseLength > 0 ? this.senseAddress : 0;
    h.timeout = command.timeoutMs;
    h.flags = command.flags;
    h.packId = this.id;
    h.usrPtr = usrPtr;
    encodeSgIoHdr(this.header, 0, h);
    return this.header;
  }
}
