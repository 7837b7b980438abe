/**
 * The prepared requests of dd's device ends: one READ, WRITE or VERIFY (10
 * or 16) per queue slot, prepared at the slot's first transfer and reused,
 * its CDB's range rewritten per transfer (no allocation per transfer). An sg
 * end and a bsg end both use them; which device a slot's commands go to
 * (an sg end's lanes) and where mmap-ed data lives is the end's to say.
 */
import type { ExecuteOptions, PreparedRequest, ScsiDevice } from '@sgio/core';
import { read10, read16, verify10, verify16, write10, write16, type FieldSetter } from '@sgio/struct';
import { needsCdb16, type SgRole, type SgTransferPlan } from './device-end.js';
import type { Transfer } from './endpoint.js';

/** Where a block command's range lives in its CDB: the two fields a transfer changes. */
interface RangeSetters {
  readonly lba: FieldSetter<number>;
  readonly blocks: FieldSetter<number>;
}

/**
 * The range setters of the six commands dd sends: a prepared CDB gets its
 * LBA and block count overwritten per transfer, the rest stays as prepared
 * (on the host, 5M READ(10) CDBs: 12-18 ns each against 53-58 ns for
 * encoding the whole CDB again with `encodeInto`).
 */
const RANGE = {
  read10: { lba: read10.fieldSetter('lba'), blocks: read10.fieldSetter('transferLength') },
  read16: { lba: read16.fieldSetter('lba'), blocks: read16.fieldSetter('transferLength') },
  write10: { lba: write10.fieldSetter('lba'), blocks: write10.fieldSetter('transferLength') },
  write16: { lba: write16.fieldSetter('lba'), blocks: write16.fieldSetter('transferLength') },
  verify10: { lba: verify10.fieldSetter('lba'), blocks: verify10.fieldSetter('verificationLength') },
  verify16: { lba: verify16.fieldSetter('lba'), blocks: verify16.fieldSetter('verificationLength') },
} satisfies Record<string, RangeSetters>;

/** Sets a prepared CDB's range. */
function setRange(cdb: Uint8Array, setters: RangeSetters, t: Transfer): void {
  setters.lba(cdb, 0, t.lba);
  setters.blocks(cdb, 0, t.blocks);
}

/** A prepared request of one queue slot, with the buffer it was prepared for. */
export interface SlotRequest {
  readonly request: PreparedRequest;
  /** The data buffer it was prepared with (indirect/direct/mmap), its whole prepared length. */
  readonly full: Uint8Array;
  /** Identity of the caller's buffer it was prepared for. */
  readonly buffer: ArrayBufferLike;
  readonly offset: number;
}

function slotRequest(request: PreparedRequest, length: number, given: Uint8Array): SlotRequest {
  const data = request.data ?? given;
  return {
    request,
    full: data.length === length ? data : data.subarray(0, length),
    buffer: given.buffer,
    offset: given.byteOffset,
  };
}

/** The prepared requests of one queue slot, by command. */
interface PerSlot {
  read10?: SlotRequest;
  read16?: SlotRequest;
  write10?: SlotRequest;
  write16?: SlotRequest;
  verify10?: SlotRequest;
  verify16?: SlotRequest;
}

/** What a device end tells the table about its slots. */
export interface SlotDevices {
  /** The device slot `slot`'s commands go to. */
  deviceFor(slot: number): ScsiDevice;
  /** With mmap-ed IO: the reserved-buffer mapping of that device (the data of a WRITE goes out of it). */
  mappingFor(slot: number): Uint8Array;
}

/** The bytes a READ brought: the whole buffer view when complete (no allocation), else a shorter view. */
export function receivedBytes(req: SlotRequest, transferred: number): Uint8Array {
  return transferred === req.full.length ? req.full : req.full.subarray(0, transferred);
}

/** The prepared requests of every queue slot of one device end. */
export class SlotRequests {
  readonly #slots: PerSlot[] = [];

  constructor(
    private readonly devices: SlotDevices,
    private readonly role: SgRole,
    private readonly timeout: number,
  ) {}

  /** The slot's prepared READ, its CDB set for `t` (a new request when the copy loop's buffer is another). */
  read(t: Transfer, into: Uint8Array, plan: SgTransferPlan): SlotRequest {
    const long = needsCdb16(t, plan.cdbSize);
    const slot = (this.#slots[t.slot] ??= {});
    let req = long ? slot.read16 : slot.read10;
    const max = plan.blockSize * plan.blocksPerTransfer;
    // indirect IO lands in the copy loop's buffer; a new buffer needs a new request
    if (!req || (plan.transfer === 'indirect' && (req.buffer !== into.buffer || req.offset !== into.byteOffset))) {
      const base = this.#base(plan);
      // direct: core allocates one page-aligned buffer for the request (the driver only maps aligned pages)
      const options: ExecuteOptions =
        plan.transfer === 'mmap'
          ? { ...base, transfer: 'mmap' }
          : plan.transfer === 'direct'
            ? { ...base, transfer: 'direct', receive: max }
            : { ...base, transfer: 'indirect', receive: into.subarray(0, max) };
      const device = this.devices.deviceFor(t.slot);
      const fields = { lba: t.lba, transferLength: plan.blocksPerTransfer };
      req = slotRequest(long ? device.prepare(read16, fields, options) : device.prepare(read10, fields, options), max, into);
      if (long) slot.read16 = req;
      else slot.read10 = req;
    }
    setRange(req.request.cdb, long ? RANGE.read16 : RANGE.read10, t);
    const bytes = t.blocks * plan.blockSize;
    if (req.request.length !== bytes) req.request.setLength(bytes);
    return req;
  }

  /** The slot's prepared WRITE (VERIFY for a verify end), its CDB set for `t`, `data` in place. */
  write(t: Transfer, data: Uint8Array, plan: SgTransferPlan): SlotRequest {
    if (data.length !== t.blocks * plan.blockSize) {
      // a partial last block (a file whose size is not a multiple of bs) goes out zero-padded
      const padded = new Uint8Array(t.blocks * plan.blockSize);
      padded.set(data.subarray(0, padded.length));
      data = padded;
    }
    const long = needsCdb16(t, plan.cdbSize);
    const verify = this.role === 'verify';
    const slot = (this.#slots[t.slot] ??= {});
    let req = verify ? (long ? slot.verify16 : slot.verify10) : long ? slot.write16 : slot.write10;
    const max = plan.blockSize * plan.blocksPerTransfer;
    if (!req || (plan.transfer !== 'mmap' && (req.buffer !== data.buffer || req.offset !== data.byteOffset || req.full.length < data.length))) {
      const device = this.devices.deviceFor(t.slot);
      // mmap: the data goes out of the device's mapping (the copy loop reads into it; other data is copied in)
      const source = plan.transfer === 'mmap' ? this.devices.mappingFor(t.slot).subarray(0, max) : data;
      const options: ExecuteOptions = { ...this.#base(plan), transfer: plan.transfer, data: source };
      const length = plan.transfer === 'mmap' ? max : data.length;
      const blocks = length / plan.blockSize;
      const prepared = verify
        ? long
          ? device.prepare(verify16, { lba: t.lba, verificationLength: blocks, bytchk: 1 }, options)
          : device.prepare(verify10, { lba: t.lba, verificationLength: blocks, bytchk: 1 }, options)
        : long
          ? device.prepare(write16, { lba: t.lba, transferLength: blocks }, options)
          : device.prepare(write10, { lba: t.lba, transferLength: blocks }, options);
      req = slotRequest(prepared, length, source);
      if (verify) {
        if (long) slot.verify16 = req;
        else slot.verify10 = req;
      } else if (long) slot.write16 = req;
      else slot.write10 = req;
    }
    if (plan.transfer === 'mmap' && (data.buffer !== req.buffer || data.byteOffset !== req.offset)) req.full.set(data, 0);
    setRange(req.request.cdb, verify ? (long ? RANGE.verify16 : RANGE.verify10) : long ? RANGE.write16 : RANGE.write10, t);
    if (req.request.length !== data.length) req.request.setLength(data.length);
    return req;
  }

  #base(plan: SgTransferPlan): ExecuteOptions {
    return { blockSize: plan.blockSize, timeout: this.timeout, retry: false };
  }
}
