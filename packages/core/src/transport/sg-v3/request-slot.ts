/**
 * A request slot: the memory one outstanding sg request uses (its header,
 * CDB and sense buffer), allocated once with fixed addresses and reused, so
 * steady-state commands allocate no driver structures and take no new
 * addresses. Data to send with direct IO goes from the caller's pages as
 * they lie, so a small buffer that crosses a page boundary goes from the
 * slot's own page-aligned memory instead (see `../out-bounce.ts`); with
 * indirect IO the driver copies it into its own buffers anyway.
 */
import { addressOf } from '@sgio/libc';
import { SG_FLAG_DIRECT_IO, SG_FLAG_MMAP_IO, SG_IO_HDR_SIZE, createSgIoHdrResult, encodeSgIoHdr, type SgIoHdrResult } from '@sgio/struct';
import { TransferModeError } from '../../errors/sgio-error.js';
import type { PreparedCommand } from '../../execute/prepare.js';
import { MAX_SENSE_LENGTH } from '../../execute/prepare.js';
import { LastBufferAddress } from '../buffer-address.js';
import { OutBounce } from '../out-bounce.js';

/** Largest CDB a slot holds (sg accepts up to 252 bytes for variable-length CDBs). */
export const MAX_CDB_LENGTH = 260;

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

/** One reusable request: header, CDB copy, sense buffer and completion fields. */
export class RequestSlot {
  /** The sg_io_hdr bytes handed to the driver. */
  readonly header = new Uint8Array(SG_IO_HDR_SIZE);
  /** The sense buffer the header points at (the driver fills it when the completion is read). */
  readonly sense = new Uint8Array(MAX_SENSE_LENGTH);
  /** The CDB bytes the header points at (the driver copies them at submission). */
  readonly cdb = new Uint8Array(MAX_CDB_LENGTH);
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
  private readonly cdbAddress: bigint;

  /** Direct-IO data to send that crosses a page boundary goes from here (created at the first such command). */
  #bounce: OutBounce | undefined;

  /** The last data buffer and its address (see ../buffer-address.ts). */
  readonly #dataAddress = new LastBufferAddress();

  constructor(readonly id: number) {
    this.senseAddress = addressOf(this.sense);
    this.cdbAddress = addressOf(this.cdb);
  }

  /** Encodes the header for `command` (pack_id = the slot id); `usrPtr` tags the submission. */
  encode(command: PreparedCommand, usrPtr: number): Uint8Array {
    const flags = command.flags;
    if ((flags & (SG_FLAG_DIRECT_IO | SG_FLAG_MMAP_IO)) === (SG_FLAG_DIRECT_IO | SG_FLAG_MMAP_IO)) {
      throw new TransferModeError(`${command.name}: direct IO and mmap IO cannot be combined; choose one transfer mode.`);
    }
    const cdb = command.cdb;
    if (cdb.length > MAX_CDB_LENGTH) throw new RangeError(`${command.name}: a CDB holds at most ${MAX_CDB_LENGTH} bytes, got ${cdb.length}`);
    this.cdb.set(cdb, 0);
    const h = this.input;
    h.dxferDirection = command.dxferDirection;
    h.cmdLen = cdb.length;
    h.mxSbLen = command.senseLength;
    h.dxferLen = command.length;
    const data = command.data;
    if (data === undefined || command.length === 0) h.dxferp = 0;
    else if ((flags & SG_FLAG_DIRECT_IO) !== 0 && command.direction === 'out') h.dxferp = (this.#bounce ??= new OutBounce()).addressFor(data, command.length, this.#dataAddress.of(data));
    else h.dxferp = this.#dataAddress.of(data);
    h.cmdp = this.cdbAddress;
    h.sbp = command.senseLength > 0 ? this.senseAddress : 0;
    h.timeout = command.timeoutMs;
    h.flags = flags;
    h.packId = this.id;
    h.usrPtr = usrPtr;
    encodeSgIoHdr(this.header, 0, h);
    return this.header;
  }

  /** Copies bounced direct-IO data again before the header is issued once more (a prepared request's caller may have changed it). */
  refresh(): void {
    this.#bounce?.refresh();
  }
}
