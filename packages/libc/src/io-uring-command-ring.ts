/**
 * `CommandRing`: an io_uring for driver commands (IORING_OP_URING_CMD) with
 * 128-byte submission and 32-byte completion entries, whose completions are
 * announced on an eventfd (IORING_REGISTER_EVENTFD), so that a poller can
 * wait for them while the event loop runs.
 *
 * The ring only moves entries: the caller fills a submission entry in
 * place ({@link CommandRing.prepare} gives its offset in
 * {@link CommandRing.sqes}), publishes what it prepared with one
 * io_uring_enter(2) ({@link CommandRing.submit}) and reads completions with
 * {@link CommandRing.reap}. Nothing is allocated per command.
 *
 * Memory rule, the caller's: every buffer a submitted entry points at must
 * stay allocated until that entry's completion has been reaped; the kernel
 * writes into them until then (sense data and data-in at completion). Close
 * the ring only when no entry is in flight: closing cancels the ring, but a
 * command already issued to a device still completes into its buffers.
 */
import { addressOf } from './pointer.js';
import { libc, lastErrno } from './bindings.js';
import { O_CLOEXEC, O_NONBLOCK } from './constants/index.js';
import { Errno, errnoName } from './errno.js';
import { SystemError } from './errors.js';
import { close } from './io.js';
import { tryRead } from './try-io.js';
import { closeRing, IORING_OP_URING_CMD, IORING_SETUP_CQE32, IORING_SETUP_SQE128, setupRing, SYS_IO_URING_ENTER, SYS_IO_URING_REGISTER, type RingSetup } from './io-uring-setup.js';

const IORING_REGISTER_BUFFERS = 0;
const IORING_REGISTER_EVENTFD = 4;
/** `uring_cmd_flags` bit: the command's data lies in a registered buffer (`buf_index`), pinned once, not per command. */
export const IORING_URING_CMD_FIXED = 1 << 0;
/** Most buffers one ring registers (the kernel's UIO_MAXIOV). */
export const MAX_REGISTERED_BUFFERS = 1024;
/** Largest buffer the kernel registers (1 GiB). */
export const MAX_REGISTERED_BUFFER_BYTES = 1 << 30;
/** Byte offsets in a submission entry (`struct io_uring_sqe`). */
export const SQE = {
  /** u8 opcode. */
  opcode: 0,
  /** s32 fd. */
  fd: 4,
  /** u32 `cmd_op` of a URING_CMD (the driver's sub-command). */
  cmdOp: 8,
  /** u32 `uring_cmd_flags` (IORING_URING_CMD_FIXED). */
  uringCmdFlags: 28,
  /** u64 `user_data`, given back in the completion. */
  userData: 32,
  /** u16 `buf_index` of a registered buffer. */
  bufIndex: 40,
  /** Start of the command payload (`cmd`, 80 bytes in a 128-byte entry). */
  cmd: 48,
} as const;
/** Bytes of one submission entry of a command ring. */
export const SQE_BYTES = 128;
/** Bytes of a URING_CMD payload in a 128-byte entry. */
export const URING_CMD_PAYLOAD_BYTES = 80;
const CQE_BYTES = 32;

/** Reads one completion: `userData` is the low 32 bits the entry carried; `extra` the first 64-bit extra word as two halves. */
export type CompletionSink = (userData: number, res: number, extraLow: number, extraHigh: number) => void;

/** Options of {@link CommandRing.open}. */
export interface CommandRingOptions {
  /** Submission entries (a power of two, 1..4096; the completion ring gets twice as many). */
  readonly entries: number;
}

/** An io_uring for URING_CMD commands (see the module comment). */
export class CommandRing {
  /** The eventfd the kernel signals when it posts completions (non-blocking, close-on-exec). */
  readonly eventFd: number;
  /** Submission entries. */
  readonly entries: number;
  /** The submission entries (write an entry at the offset {@link prepare} returns). */
  readonly sqes: DataView;
  readonly #ring: RingSetup;
  /** The same entries as bytes: zeroing an entry with one fill() takes a sixth of the time of 16 64-bit DataView stores. */
  readonly #sqeBytes: Uint8Array;
  readonly #scratch = new Uint8Array(8);
  /** The registered buffers: the kernel has their pages pinned, so they stay referenced until the ring is closed. */
  #registered: readonly Uint8Array[] = [];
  /** Tail of what the caller prepared; published by submit(). */
  #localTail: number;
  #closed = false;

  private constructor(ring: RingSetup, eventFd: number) {
    this.#ring = ring;
    this.eventFd = eventFd;
    this.entries = ring.sqEntries;
    this.sqes = ring.sqes;
    this.#sqeBytes = new Uint8Array(ring.sqes.buffer, ring.sqes.byteOffset, ring.sqes.byteLength);
    this.#localTail = ring.sq.getUint32(ring.at.sqTail, true);
  }

  /**
   * Sets up the ring and its eventfd.
   * @throws {SystemError} ENOSYS (no io_uring), EINVAL (no 128-byte or 32-byte entries: Linux < 6.0), EPERM (io_uring disabled)
   */
  static open(options: CommandRingOptions): CommandRing {
    const { entries } = options;
    if (!Number.isInteger(entries) || entries < 1 || entries > 4096 || (entries & (entries - 1)) !== 0) throw new RangeError(`ring entries must be a power of two 1..4096, got ${entries}`);
    const ring = setupRing(entries, IORING_SETUP_SQE128 | IORING_SETUP_CQE32);
    let efd = -1;
    try {
      efd = libc('eventfd').eventfd(0, O_NONBLOCK | O_CLOEXEC);
      if (efd < 0) throw new SystemError(lastErrno(), 'eventfd');
      const arg = new Int32Array([efd]);
      if (libc('io_uring_register').syscallIntIntPtrInt(SYS_IO_URING_REGISTER, ring.fd, IORING_REGISTER_EVENTFD, arg, 1) < 0) {
        throw new SystemError(lastErrno(), 'io_uring_register', { hint: 'IORING_REGISTER_EVENTFD' });
      }
      return new CommandRing(ring, efd);
    } catch (e) {
      if (efd >= 0) close(efd);
      closeRing(ring);
      throw e;
    }
  }

  /**
   * Registers `buffers` with the ring (IORING_REGISTER_BUFFERS), once: the
   * kernel pins their pages now instead of at each command, and an entry
   * whose data lies in buffer `i` may say so (`uring_cmd_flags`
   * {@link IORING_URING_CMD_FIXED}, `buf_index` i). The ring keeps the
   * buffers referenced until it is closed, since the kernel may write into
   * them until then.
   * @throws {RangeError} for an empty list, more than {@link MAX_REGISTERED_BUFFERS}, an empty buffer or one over 1 GiB
   * @throws {SystemError} EBUSY (buffers are registered already), ENOMEM (over `RLIMIT_MEMLOCK` without CAP_IPC_LOCK),
   *   EFAULT (memory the kernel cannot pin)
   */
  registerBuffers(buffers: readonly Uint8Array[]): void {
    this.#live();
    if (buffers.length === 0 || buffers.length > MAX_REGISTERED_BUFFERS) throw new RangeError(`register 1..${MAX_REGISTERED_BUFFERS} buffers, got ${buffers.length}`);
    const iovecs = new DataView(new ArrayBuffer(buffers.length * 16));
    for (const [i, b] of buffers.entries()) {
      if (b.byteLength === 0 || b.byteLength > MAX_REGISTERED_BUFFER_BYTES) throw new RangeError(`buffer ${i} has ${b.byteLength} bytes: a registered buffer holds 1 byte to 1 GiB`);
      iovecs.setBigUint64(i * 16, addressOf(b), true);
      iovecs.setBigUint64(i * 16 + 8, BigInt(b.byteLength), true);
    }
    const arg = new Uint8Array(iovecs.buffer);
    if (libc('io_uring_register').syscallIntIntPtrInt(SYS_IO_URING_REGISTER, this.#ring.fd, IORING_REGISTER_BUFFERS, arg, buffers.length) < 0) {
      const errno = lastErrno();
      throw new SystemError(errno, 'io_uring_register', {
        hint: errno === Errno.ENOMEM ? 'IORING_REGISTER_BUFFERS: the buffers exceed RLIMIT_MEMLOCK (raise it, e.g. ulimit -l, or register less)' : 'IORING_REGISTER_BUFFERS',
      });
    }
    this.#registered = [...buffers];
  }

  /** The buffers {@link registerBuffers} registered (empty when none). */
  get registeredBuffers(): readonly Uint8Array[] {
    return this.#registered;
  }

  /** Entries prepared and not yet consumed by the kernel. */
  get queued(): number {
    return (this.#localTail - this.#ring.sq.getUint32(this.#ring.at.sqHead, true)) >>> 0;
  }

  /** Completions posted and not yet reaped. */
  get completionsWaiting(): number {
    const { cq, at } = this.#ring;
    return (cq.getUint32(at.cqTail, true) - cq.getUint32(at.cqHead, true)) >>> 0;
  }

  /**
   * Claims the next submission entry for a URING_CMD to `fd` and returns its
   * byte offset in {@link sqes} (zeroed, with opcode, fd and `userData`
   * set), or -1 when every entry is still queued. The entry reaches the
   * kernel at the next {@link submit}.
   */
  prepare(fd: number, userData: number): number {
    this.#live();
    const { sq, at } = this.#ring;
    if (this.queued >= this.entries) return -1;
    const index = this.#localTail & sq.getUint32(at.sqMask, true);
    const offset = index * SQE_BYTES;
    const sqes = this.sqes;
    this.#sqeBytes.fill(0, offset, offset + SQE_BYTES);
    sqes.setUint8(offset + SQE.opcode, IORING_OP_URING_CMD);
    sqes.setInt32(offset + SQE.fd, fd, true);
    sqes.setUint32(offset + SQE.userData, userData >>> 0, true);
    sq.setUint32(at.sqArray + index * 4, index, true);
    this.#localTail = (this.#localTail + 1) >>> 0;
    return offset;
  }

  /**
   * Publishes the prepared entries and submits them with one
   * io_uring_enter(2). Returns how many the kernel consumed; entries it did
   * not take (EAGAIN, EBUSY: it is short of resources or the completion ring
   * is full) stay queued for the next call.
   * @throws {SystemError} for any other failure of io_uring_enter: the kernel consumed none of the queued entries,
   *   which stay queued until {@link discardQueued} withdraws them
   */
  submit(): number {
    this.#live();
    const { sq, at, fd } = this.#ring;
    // the store of the new tail is ordered before the kernel reads it by the system call below
    sq.setUint32(at.sqTail, this.#localTail, true);
    const pending = this.queued;
    if (pending === 0) return 0;
    for (;;) {
      const r = libc('io_uring_enter').syscallEnter(SYS_IO_URING_ENTER, fd, pending, 0, 0, null, 0);
      if (r >= 0) return r;
      const errno = lastErrno();
      if (errno === Errno.EINTR) continue;
      if (errno === Errno.EAGAIN || errno === Errno.EBUSY) return 0;
      throw new SystemError(errno, 'io_uring_enter');
    }
  }

  /**
   * Withdraws every prepared entry the kernel has not consumed (the ring's
   * tail goes back to the kernel's head) and returns how many. Call it when
   * {@link submit} threw: those entries never reached the kernel, and left in
   * the ring the next submit would send them, pointing at memory their
   * caller has let go. Safe because this ring has no kernel polling thread:
   * the kernel reads the tail only inside io_uring_enter.
   */
  discardQueued(): number {
    this.#live();
    const { sq, at } = this.#ring;
    const head = sq.getUint32(at.sqHead, true);
    const withdrawn = (this.#localTail - head) >>> 0;
    this.#localTail = head;
    sq.setUint32(at.sqTail, head, true);
    return withdrawn;
  }

  /** Clears the eventfd's count (call before {@link reap}, so a completion posted meanwhile signals it again). */
  clearEvent(): void {
    this.#live();
    tryRead(this.eventFd, this.#scratch, 8);
  }

  /** Hands every completion posted so far to `sink` and frees their entries; returns how many. */
  reap(sink: CompletionSink): number {
    this.#live();
    const { cq, at } = this.#ring;
    const mask = cq.getUint32(at.cqMask, true);
    let head = cq.getUint32(at.cqHead, true);
    const tail = cq.getUint32(at.cqTail, true);
    let n = 0;
    while (head !== tail) {
      const e = at.cqes + (head & mask) * CQE_BYTES;
      const userData = cq.getUint32(e, true);
      const res = cq.getInt32(e + 8, true);
      const low = cq.getUint32(e + 16, true);
      const high = cq.getUint32(e + 20, true);
      // the entry is given back before the sink runs: a sink that throws must not see it delivered twice
      head = (head + 1) >>> 0;
      cq.setUint32(at.cqHead, head, true);
      n++;
      sink(userData, res, low, high);
    }
    return n;
  }

  #live(): void {
    if (this.#closed) throw new SystemError(Errno.EBADF, 'io_uring_enter', { hint: 'the command ring was closed' });
  }

  /** Whether {@link close} ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Unmaps the rings, closes the ring and the eventfd (idempotent). See the module comment for when. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeRing(this.#ring);
    close(this.eventFd);
    // the ring's fd is closed: the kernel unpins the registered pages (no command is in flight, see the module comment)
    this.#registered = [];
  }
}

/** The errno name of a negative completion result. */
export function completionErrno(res: number): string | undefined {
  return res < 0 ? errnoName(-res) : undefined;
}
