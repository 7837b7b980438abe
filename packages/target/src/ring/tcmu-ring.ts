/**
 * The TCMU command ring over the bytes of the mapping: reads the entries the
 * kernel added (PAD, CMD, TMR; wrapping at the end of the ring), gathers and
 * scatters command data through the entries' iovecs, and writes completions.
 *
 * Everything read from shared memory is checked against the mapping before
 * it is used as an offset: a malformed command entry is handed out as
 * `malformed` (to be answered with CHECK CONDITION), and an entry whose
 * header or length cannot be trusted stops the ring with `ETCMU_RING_BROKEN`.
 * Data-area bytes are touched only through the iovecs of a command that has
 * not been completed yet (the kernel may unmap them after completion).
 */
import { TargetError } from '../errors.js';
import {
  ENT_CMD_ID,
  ENT_HDR_SIZE,
  ENT_LEN_OP,
  ENT_UFLAGS,
  IOVEC_SIZE,
  MB_CMD_HEAD,
  MB_CMD_TAIL,
  MB_CMDR_OFF,
  MB_CMDR_SIZE,
  MB_FLAGS,
  MB_SIZE,
  MB_VERSION,
  REQ_CDB_OFF,
  REQ_IOV,
  REQ_IOV_BIDI_CNT,
  REQ_IOV_CNT,
  REQ_IOV_DIF_CNT,
  RSP_READ_LEN,
  RSP_SCSI_STATUS,
  RSP_SENSE,
  TCMU_CMD_ENTRY_MIN,
  TCMU_MAILBOX_FLAG_CAP_OOOC,
  TCMU_MAILBOX_FLAG_CAP_READ_LEN,
  TCMU_MAILBOX_VERSION,
  TCMU_OP_ALIGN_SIZE,
  TCMU_OP_CMD,
  TCMU_OP_MASK,
  TCMU_OP_PAD,
  TCMU_OP_TMR,
  TCMU_SENSE_BUFFERSIZE,
  TCMU_UFLAG_READ_LEN,
} from './abi.js';

/** One iovec of a command: a range of the data area, from the start of the mapping. */
export interface RingIovec {
  /** Offset from the start of the mapping. */
  readonly offset: number;
  /** Bytes. */
  readonly length: number;
}

/**
 * Moves command data between a buffer and pieces of the data area: the
 * mapping's kernel copies (libc's `Mapping.copyIn`/`copyOut`) when the ring
 * is over a real uio mapping. Both return the bytes copied.
 */
export interface DataAreaCopier {
  /** Copies `source` into the pieces, in order. */
  copyIn(source: Uint8Array, pieces: readonly RingIovec[]): number;
  /** Copies the pieces, in order, into `target`. */
  copyOut(pieces: readonly RingIovec[], target: Uint8Array): number;
}

/** A command the kernel put into the ring. */
export interface RingCommand {
  /** The kernel's command id (the completion names it). */
  readonly cmdId: number;
  /** A copy of the CDB. Empty when the entry was malformed. */
  readonly cdb: Uint8Array;
  /** The data buffer's iovecs (data-out or data-in), checked to lie in the data area. */
  readonly iovecs: readonly RingIovec[];
  /** Sum of the iovecs' lengths: the command's data length. */
  readonly dataLength: number;
  /** Why the entry cannot be served (answer it with CHECK CONDITION), or undefined. */
  readonly malformed: string | undefined;
}

/** What the mailbox says about the ring. */
export interface MailboxInfo {
  /** Mailbox version (2). */
  readonly version: number;
  /** TCMU_MAILBOX_FLAG_CAP_* bits. */
  readonly flags: number;
  /** Offset of the command ring from the mapping's start. */
  readonly cmdrOffset: number;
  /** Length of the command ring. */
  readonly cmdrSize: number;
  /** Offset of the data area (right after the ring). */
  readonly dataOffset: number;
}

/** A completion for {@link TcmuRing.complete}. */
export interface RingCompletion {
  /** SCSI status byte. */
  readonly status: number;
  /** Sense data (at most 96 bytes are passed on) with CHECK CONDITION. */
  readonly sense?: Uint8Array | undefined;
  /** Data-in bytes actually returned, when fewer than the command's data length (needs CAP_READ_LEN). */
  readonly readLength?: number | undefined;
}

interface Slot {
  readonly pos: number;
  readonly len: number;
  /** True for CMD entries (a completion can be written there); PAD and TMR are passed over. */
  readonly command: boolean;
}

/** The scsi_command_size() of the kernel: CDB length from the opcode's group. */
export function cdbLengthOf(opcode: number, byte7: number | undefined): number {
  if (opcode === 0x7f) return byte7 === undefined ? -1 : byte7 + 8;
  return [6, 10, 10, 12, 16, 12, 10, 10][(opcode >> 5) & 7]!;
}

/** The command ring of one TCMU device. */
export class TcmuRing {
  readonly #bytes: Uint8Array;
  readonly #dv: DataView;
  readonly #info: MailboxInfo;
  #head: number;
  /** Entries read but not yet passed by cmd_tail, in ring order. */
  readonly #slots: Slot[] = [];
  /** Completions waiting for a slot (only without out-of-order completion). */
  readonly #waiting = new Map<number, RingCompletion>();
  /** Commands handed out and not yet completed. */
  readonly #inFlight = new Set<number>();
  #broken: string | undefined;
  /** Kernel copies of command data, while the kernel offers them. */
  #copier: DataAreaCopier | undefined;

  /**
   * Reads and checks the mailbox in `bytes` (the whole mapping). Throws
   * `ETCMU_MAILBOX` when the version is not 2 or the ring does not fit.
   * @param copier - how command data is copied; without one (or once it
   *   fails with ENOSYS/EPERM: no cross-memory attach) JavaScript copies
   *   through `bytes`. With a real uio mapping pass the mapping: the kernel's
   *   copy faults pages in without a user-space fault per page (in the lab,
   *   1 MiB from a fresh buffer took 80–120 ms through `bytes`).
   */
  constructor(bytes: Uint8Array, copier?: DataAreaCopier) {
    this.#bytes = bytes;
    this.#copier = copier;
    this.#dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < MB_SIZE) throw new TargetError('ETCMU_MAILBOX', `TCMU mapping of ${bytes.byteLength} bytes is smaller than the mailbox; is this a TCMU uio device?`);
    const version = this.#dv.getUint16(MB_VERSION, true);
    const flags = this.#dv.getUint16(MB_FLAGS, true);
    const cmdrOffset = this.#dv.getUint32(MB_CMDR_OFF, true);
    const cmdrSize = this.#dv.getUint32(MB_CMDR_SIZE, true);
    if (version !== TCMU_MAILBOX_VERSION) {
      throw new TargetError('ETCMU_MAILBOX', `TCMU mailbox version ${version} is not supported (this package speaks version ${TCMU_MAILBOX_VERSION}); update the kernel or the package`);
    }
    if (cmdrOffset < MB_SIZE || cmdrSize < TCMU_CMD_ENTRY_MIN || cmdrSize % TCMU_OP_ALIGN_SIZE !== 0 || cmdrOffset + cmdrSize > bytes.byteLength) {
      throw new TargetError('ETCMU_MAILBOX', `TCMU mailbox describes a ring (offset ${cmdrOffset}, ${cmdrSize} bytes) outside the ${bytes.byteLength}-byte mapping; the map size from sysfs may be wrong`);
    }
    this.#info = { version, flags, cmdrOffset, cmdrSize, dataOffset: cmdrOffset + cmdrSize };
    const tail = this.#dv.getUint32(MB_CMD_TAIL, true);
    if (tail >= cmdrSize || tail % TCMU_OP_ALIGN_SIZE !== 0) throw new TargetError('ETCMU_MAILBOX', `TCMU cmd_tail ${tail} is outside the ${cmdrSize}-byte ring`);
    // Entries between cmd_tail and cmd_head at start-up were left by a previous handler: serve them again.
    this.#head = tail;
  }

  /** What the mailbox says. */
  get info(): MailboxInfo {
    return this.#info;
  }

  /** Why the ring stopped, or undefined while it works. */
  get broken(): string | undefined {
    return this.#broken;
  }

  /** Commands handed out by {@link poll} and not yet completed. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** True when the kernel accepts `readLength` in completions. */
  get supportsReadLength(): boolean {
    return (this.#info.flags & TCMU_MAILBOX_FLAG_CAP_READ_LEN) !== 0;
  }

  #break(reason: string): never {
    this.#broken = reason;
    throw new TargetError('ETCMU_RING_BROKEN', `TCMU ring broken: ${reason}. Stop the handler, remove and re-create the device (or restart the handler to re-read the ring).`);
  }

  /**
   * The commands the kernel added since the last call (PAD and TMR entries
   * are passed over). Throws `ETCMU_RING_BROKEN` when `cmd_head` or an entry
   * header lies outside the ring.
   */
  poll(): RingCommand[] {
    if (this.#broken) this.#break(this.#broken);
    const { cmdrOffset, cmdrSize } = this.#info;
    const head = this.#dv.getUint32(MB_CMD_HEAD, true);
    if (head >= cmdrSize || head % TCMU_OP_ALIGN_SIZE !== 0) this.#break(`cmd_head ${head} is outside the ${cmdrSize}-byte ring or not 8-byte aligned`);
    const out: RingCommand[] = [];
    let guard = cmdrSize / TCMU_OP_ALIGN_SIZE;
    while (this.#head !== head) {
      if (guard-- <= 0) this.#break('entries do not lead to cmd_head');
      const pos = this.#head;
      if (pos + ENT_HDR_SIZE > cmdrSize) this.#break(`entry at ${pos} has no room for its header`);
      const at = cmdrOffset + pos;
      const lenOp = this.#dv.getUint32(at + ENT_LEN_OP, true);
      const op = lenOp & TCMU_OP_MASK;
      const len = (lenOp & ~TCMU_OP_MASK) >>> 0;
      if (len < ENT_HDR_SIZE || pos + len > cmdrSize) this.#break(`entry at ${pos} has length ${len}, outside the ring`);
      if (op === TCMU_OP_CMD) {
        if (len < TCMU_CMD_ENTRY_MIN) this.#break(`command entry at ${pos} is ${len} bytes, shorter than a response (${TCMU_CMD_ENTRY_MIN})`);
        const command = this.#readCommand(at, len);
        this.#slots.push({ pos, len, command: true });
        this.#inFlight.add(command.cmdId);
        out.push(command);
      } else if (op === TCMU_OP_PAD || op === TCMU_OP_TMR) {
        this.#slots.push({ pos, len, command: false });
      } else {
        this.#break(`entry at ${pos} has unknown opcode ${op}`);
      }
      this.#head = (pos + len) % cmdrSize;
    }
    this.#advanceTail();
    return out;
  }

  #readCommand(at: number, len: number): RingCommand {
    const dv = this.#dv;
    const size = this.#bytes.byteLength;
    const cmdId = dv.getUint16(at + ENT_CMD_ID, true);
    const bad = (why: string): RingCommand => ({ cmdId, cdb: new Uint8Array(0), iovecs: [], dataLength: 0, malformed: why });
    const iovCount = dv.getUint32(at + REQ_IOV_CNT, true);
    const bidiCount = dv.getUint32(at + REQ_IOV_BIDI_CNT, true);
    const difCount = dv.getUint32(at + REQ_IOV_DIF_CNT, true);
    const room = Math.floor((len - REQ_IOV) / IOVEC_SIZE);
    if (iovCount + bidiCount + difCount > room) return bad(`iovec counts ${iovCount}+${bidiCount}+${difCount} do not fit the ${len}-byte entry`);
    const cdbOff = dv.getBigUint64(at + REQ_CDB_OFF, true);
    if (cdbOff >= BigInt(size)) return bad(`cdb_off ${cdbOff} is outside the mapping`);
    const cdbAt = Number(cdbOff);
    const opcode = this.#bytes[cdbAt]!;
    const cdbLength = cdbLengthOf(opcode, cdbAt + 7 < size ? this.#bytes[cdbAt + 7] : undefined);
    if (cdbLength < 6 || cdbAt + cdbLength > size) return bad(`the CDB at ${cdbAt} (${cdbLength} bytes) runs past the mapping`);
    const iovecs: RingIovec[] = [];
    let dataLength = 0;
    const dataStart = BigInt(this.#info.dataOffset);
    for (let i = 0; i < iovCount; i++) {
      const base = dv.getBigUint64(at + REQ_IOV + i * IOVEC_SIZE, true);
      const length = dv.getBigUint64(at + REQ_IOV + i * IOVEC_SIZE + 8, true);
      if (base < dataStart || base + length > BigInt(size)) return bad(`iovec ${i} (${base}+${length}) is outside the data area`);
      iovecs.push({ offset: Number(base), length: Number(length) });
      dataLength += Number(length);
    }
    return { cmdId, cdb: this.#bytes.slice(cdbAt, cdbAt + cdbLength), iovecs, dataLength, malformed: undefined };
  }

  #checkLive(command: RingCommand, what: string): void {
    if (!this.#inFlight.has(command.cmdId)) throw new TargetError('ETCMU_CLOSED', `${what}: command ${command.cmdId} is already completed; its data buffer belongs to the kernel again`);
  }

  /** A copy of the command's data buffer (the data-out bytes of a write). */
  readData(command: RingCommand, length = command.dataLength): Uint8Array {
    this.#checkLive(command, 'readData');
    const out = new Uint8Array(Math.min(length, command.dataLength));
    const copied = this.#kernelCopy(command, () => this.#copier!.copyOut(command.iovecs, out), out.length);
    if (copied !== undefined) return out;
    let done = 0;
    for (const v of command.iovecs) {
      if (done >= out.length) break;
      const n = Math.min(v.length, out.length - done);
      out.set(this.#bytes.subarray(v.offset, v.offset + n), done);
      done += n;
    }
    return out;
  }

  /** Copies data-in bytes into the command's buffer; returns the bytes copied (at most its data length). */
  writeData(command: RingCommand, data: Uint8Array): number {
    this.#checkLive(command, 'writeData');
    const copied = this.#kernelCopy(command, () => this.#copier!.copyIn(data, command.iovecs), Math.min(data.length, command.dataLength));
    if (copied !== undefined) return copied;
    let done = 0;
    for (const v of command.iovecs) {
      if (done >= data.length) break;
      const n = Math.min(v.length, data.length - done);
      this.#bytes.set(data.subarray(done, done + n), v.offset);
      done += n;
    }
    return done;
  }

  /**
   * Runs a kernel copy of `expected` bytes; undefined when there is no copier
   * (the caller copies through the bytes). ENOSYS/EPERM turn the copier off
   * for good; a short copy is `ETCMU_DATA`.
   */
  #kernelCopy(command: RingCommand, copy: () => number, expected: number): number | undefined {
    if (!this.#copier) return undefined;
    let n: number;
    try {
      n = copy();
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code !== 'ENOSYS' && code !== 'EPERM') throw e;
      this.#copier = undefined;
      return undefined;
    }
    if (n !== expected) {
      throw new TargetError('ETCMU_DATA', `the kernel copied ${n} of ${expected} bytes of command ${command.cmdId}'s data; a data-area page could not be faulted in (is the backstore being removed?)`);
    }
    return n;
  }

  /**
   * Completes a command: writes the status, sense and read length into the
   * next free slot of the ring (the kernel pairs it by command id) and moves
   * `cmd_tail`. The caller kicks the kernel afterwards (a write to the uio fd).
   * Completing a command twice, or one that was never read, throws.
   */
  complete(cmdId: number, completion: RingCompletion): void {
    if (!this.#inFlight.has(cmdId)) throw new TargetError('ETCMU_ARGUMENT', `complete(): command ${cmdId} is not in flight (completed twice, or never read from the ring)`);
    if (this.#broken) this.#break(this.#broken);
    this.#inFlight.delete(cmdId);
    this.#waiting.set(cmdId, completion);
    this.#advanceTail();
  }

  #writeCompletion(slot: Slot, cmdId: number, c: RingCompletion): void {
    const at = this.#info.cmdrOffset + slot.pos;
    const dv = this.#dv;
    dv.setUint16(at + ENT_CMD_ID, cmdId, true);
    let uflags = 0;
    if (c.readLength !== undefined && this.supportsReadLength) {
      uflags |= TCMU_UFLAG_READ_LEN;
      dv.setUint32(at + RSP_READ_LEN, c.readLength >>> 0, true);
    }
    this.#bytes[at + ENT_UFLAGS] = uflags;
    this.#bytes[at + RSP_SCSI_STATUS] = c.status & 0xff;
    this.#bytes.fill(0, at + RSP_SENSE, at + RSP_SENSE + TCMU_SENSE_BUFFERSIZE);
    if (c.sense) this.#bytes.set(c.sense.subarray(0, TCMU_SENSE_BUFFERSIZE), at + RSP_SENSE);
  }

  /** Moves cmd_tail over PAD/TMR entries and over slots that can take a waiting completion. */
  #advanceTail(): void {
    const outOfOrder = (this.#info.flags & TCMU_MAILBOX_FLAG_CAP_OOOC) !== 0;
    let moved = false;
    let tail = 0;
    while (this.#slots.length > 0) {
      const slot = this.#slots[0]!;
      if (slot.command) {
        let id: number | undefined;
        if (outOfOrder) id = this.#waiting.keys().next().value;
        else {
          const own = this.#dv.getUint16(this.#info.cmdrOffset + slot.pos + ENT_CMD_ID, true);
          id = this.#waiting.has(own) ? own : undefined;
        }
        if (id === undefined) break;
        this.#writeCompletion(slot, id, this.#waiting.get(id)!);
        this.#waiting.delete(id);
      }
      this.#slots.shift();
      tail = (slot.pos + slot.len) % this.#info.cmdrSize;
      moved = true;
    }
    if (moved) this.#dv.setUint32(MB_CMD_TAIL, tail, true);
  }
}
