/**
 * A minimal io_uring (io_uring_setup(2), io_uring_register(2),
 * io_uring_enter(2)) for asking the running kernel what it supports: one
 * small ring, one request at a time, waited for with a timeout. It is a
 * probe, not a transport: the requests it sends carry no buffers of the
 * process (a NOP, or a URING_CMD whose payload sits in the submission entry),
 * so a request still in flight at close references no memory of ours.
 */
import { addressOf } from './pointer.js';
import { libc, lastErrno } from './bindings.js';
import { Errno, errnoName } from './errno.js';
import { SystemError } from './errors.js';
import {
  closeRing,
  cqeSize,
  IORING_ENTER_EXT_ARG,
  IORING_ENTER_GETEVENTS,
  IORING_FEAT_EXT_ARG,
  IORING_SETUP_CQE32,
  IORING_SETUP_SQE128,
  setupRing,
  sqeSize,
  SYS_IO_URING_ENTER,
  SYS_IO_URING_REGISTER,
  type RingOffsets,
  type RingSetup,
} from './io-uring-setup.js';

export { IORING_FEAT_EXT_ARG, IORING_FEAT_SINGLE_MMAP, IORING_OP_NOP, IORING_OP_URING_CMD, IORING_SETUP_CQE32, IORING_SETUP_SQE128 } from './io-uring-setup.js';

const IORING_REGISTER_PROBE = 8;
const IO_URING_OP_SUPPORTED = 1 << 0;
const PROBE_OPS = 256;

/** What one request ended with. */
export interface UringCompletion {
  /** The completion's `res`: 0 or more on success, minus an errno on failure. */
  readonly res: number;
  /** The errno name when `res` is negative (`'EOPNOTSUPP'`). */
  readonly code?: string;
}

/** Options of {@link ProbeRing.open}. */
export interface ProbeRingOptions {
  /** 128-byte submission entries (what URING_CMD passthrough needs). Default true. */
  readonly sqe128?: boolean;
  /** 32-byte completion entries (what URING_CMD passthrough needs too). Default: as `sqe128`. */
  readonly cqe32?: boolean;
}

/** Writes a submission entry: `entry` is zeroed and as long as the ring's entries (64 or 128 bytes). */
export type SqeWriter = (entry: DataView) => void;

/**
 * One io_uring of two entries for probing. Close it (or `using`) to unmap
 * the rings and close its descriptor.
 */
export class ProbeRing implements Disposable {
  /** `io_uring_params.features` as the kernel reported them. */
  readonly features: number;
  /** Whether the entries are 128 bytes. */
  readonly sqe128: boolean;
  /** Whether the completion entries are 32 bytes. */
  readonly cqe32: boolean;
  readonly #fd: number;
  readonly #ring: RingSetup;
  readonly #sq: DataView;
  readonly #cq: DataView;
  readonly #sqes: DataView;
  readonly #at: RingOffsets;
  #closed = false;

  private constructor(ring: RingSetup, sqe128: boolean, cqe32: boolean) {
    this.#ring = ring;
    this.#fd = ring.fd;
    this.sqe128 = sqe128;
    this.cqe32 = cqe32;
    this.features = ring.features;
    this.#at = ring.at;
    this.#sq = ring.sq;
    this.#cq = ring.cq;
    this.#sqes = ring.sqes;
  }

  /**
   * io_uring_setup(2) and the three (or two) ring mappings.
   * @throws {SystemError} from io_uring_setup: ENOSYS (no io_uring in this kernel), EINVAL (an unknown flag,
   *   e.g. SQE128 before Linux 6.0, CQE32 before 5.19), EPERM (io_uring disabled by `kernel.io_uring_disabled`).
   */
  static open(options: ProbeRingOptions = {}): ProbeRing {
    const sqe128 = options.sqe128 ?? true;
    const cqe32 = options.cqe32 ?? sqe128;
    return new ProbeRing(setupRing(2, (sqe128 ? IORING_SETUP_SQE128 : 0) | (cqe32 ? IORING_SETUP_CQE32 : 0)), sqe128, cqe32);
  }

  /**
   * The opcodes this kernel's io_uring knows (IORING_REGISTER_PROBE, Linux 5.6+):
   * an opcode it knows can still be refused by the file it is sent to.
   */
  supportedOps(): Set<number> {
    this.#live();
    const probe = new Uint8Array(16 + PROBE_OPS * 8);
    if (libc('io_uring_register').syscallIntIntPtrInt(SYS_IO_URING_REGISTER, this.#fd, IORING_REGISTER_PROBE, probe, PROBE_OPS) < 0) {
      throw new SystemError(lastErrno(), 'io_uring_register');
    }
    const ops = new Set<number>();
    const count = probe[1]!;
    for (let i = 0; i < count; i++) {
      const at = 16 + i * 8;
      if ((probe[at + 2]! | (probe[at + 3]! << 8)) & IO_URING_OP_SUPPORTED) ops.add(probe[at]!);
    }
    return ops;
  }

  /**
   * Submits one entry (`write` fills it) and waits for its completion: up to
   * `timeoutMs` while submitting, and once more as long when none came.
   * Returns undefined when it has not completed by then (the request stays
   * in flight until the ring is closed, which cancels it).
   * @throws {SystemError} from io_uring_enter
   */
  run(write: SqeWriter, timeoutMs = 1000): UringCompletion | undefined {
    this.#live();
    if ((this.features & IORING_FEAT_EXT_ARG) === 0) throw new SystemError(Errno.EOPNOTSUPP, 'io_uring_enter', { hint: 'this kernel cannot wait with a timeout (no IORING_FEAT_EXT_ARG, Linux < 5.11): the probe does not wait without one' });
    const sq = this.#sq;
    const at = this.#at;
    const tail = sq.getUint32(at.sqTail, true);
    const index = tail & sq.getUint32(at.sqMask, true);
    const size = sqeSize(this.sqe128);
    const entry = new DataView(this.#sqes.buffer, this.#sqes.byteOffset + index * size, size);
    new Uint8Array(entry.buffer, entry.byteOffset, size).fill(0);
    write(entry);
    sq.setUint32(at.sqArray + index * 4, index, true);
    // the store of the new tail is ordered before the kernel reads it by the system call below
    sq.setUint32(at.sqTail, tail + 1, true);
    // struct io_uring_getevents_arg { sigmask, sigmask_sz, pad, ts } pointing at a __kernel_timespec
    const ts = new BigInt64Array([BigInt(Math.floor(timeoutMs / 1000)), BigInt((timeoutMs % 1000) * 1_000_000)]);
    const arg = new BigUint64Array([0n, 0n, addressOf(ts)]);
    let submit = 1;
    for (let attempt = 0; attempt < 2; attempt++) {
      const completion = this.#reap();
      if (completion) return completion;
      const r = libc('io_uring_enter').syscallEnter(SYS_IO_URING_ENTER, this.#fd, submit, 1, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, arg, 24);
      const errno = r < 0 ? lastErrno() : 0;
      // ts and arg stay reachable until here: the kernel reads them during the call only
      void ts[0];
      if (r < 0 && errnoName(errno) !== 'ETIME') throw new SystemError(errno, 'io_uring_enter');
      if (r >= 0) submit = 0;
    }
    return this.#reap();
  }

  #reap(): UringCompletion | undefined {
    const cq = this.#cq;
    const at = this.#at;
    const head = cq.getUint32(at.cqHead, true);
    if (head === cq.getUint32(at.cqTail, true)) return undefined;
    const res = cq.getInt32(at.cqes + (head & cq.getUint32(at.cqMask, true)) * cqeSize(this.cqe32) + 8, true);
    cq.setUint32(at.cqHead, head + 1, true);
    return res < 0 ? { res, code: errnoName(-res) } : { res };
  }

  #live(): void {
    if (this.#closed) throw new SystemError(Errno.EBADF, 'io_uring_enter', { hint: 'the probe ring was closed' });
  }

  /** Unmaps the rings and closes the descriptor (idempotent); a request still in flight is cancelled. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeRing(this.#ring);
  }

  /** {@link ProbeRing.close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}
