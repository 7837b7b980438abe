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
import { MAP_POPULATE, MAP_SHARED, PROT_READ, PROT_WRITE } from './constants/index.js';
import { Errno, errnoName } from './errno.js';
import { SystemError } from './errors.js';
import { close } from './io.js';
import { mmap, type Mapping } from './mapping.js';

/** System call numbers of io_uring (the same on x86_64 and aarch64). */
const SYS_IO_URING_SETUP = 425;
const SYS_IO_URING_ENTER = 426;
const SYS_IO_URING_REGISTER = 427;

/** io_uring opcodes the probe uses or reports. */
export const IORING_OP_NOP = 0;
/** A driver-defined command (`file_operations.uring_cmd`), Linux 5.19+. */
export const IORING_OP_URING_CMD = 46;

/** `io_uring_params.flags`: 128-byte submission entries (Linux 6.0+), which URING_CMD passthrough payloads need. */
export const IORING_SETUP_SQE128 = 1 << 10;
/**
 * `io_uring_params.flags`: 32-byte completion entries (Linux 5.19+). Passthrough
 * handlers (NVMe's, bsg's) answer a URING_CMD on a ring without them with
 * EOPNOTSUPP, the same answer as a file without a handler.
 */
export const IORING_SETUP_CQE32 = 1 << 11;
/** `io_uring_params.features`: one mmap holds both rings. */
export const IORING_FEAT_SINGLE_MMAP = 1 << 0;
/** `io_uring_params.features`: io_uring_enter takes a timeout (Linux 5.11+). */
export const IORING_FEAT_EXT_ARG = 1 << 8;

const IORING_OFF_SQ_RING = 0;
const IORING_OFF_CQ_RING = 0x8000000;
const IORING_OFF_SQES = 0x10000000;
const IORING_ENTER_GETEVENTS = 1 << 0;
const IORING_ENTER_EXT_ARG = 1 << 3;
const IORING_REGISTER_PROBE = 8;
const IO_URING_OP_SUPPORTED = 1 << 0;
const PROBE_OPS = 256;

/** The field offsets of `struct io_uring_params` (120 bytes). */
const PARAMS = { size: 120, sqEntries: 0, cqEntries: 4, flags: 8, features: 20, sqOff: 40, cqOff: 80 } as const;
/** Offsets inside `io_sqring_offsets` / `io_cqring_offsets` (from their start in the params). */
const SQ_OFF = { head: 0, tail: 4, ringMask: 8, array: 24 } as const;
const CQ_OFF = { head: 0, tail: 4, ringMask: 8, cqes: 20 } as const;
/** Bytes of one completion entry. */
const cqeSize = (cqe32: boolean): number => (cqe32 ? 32 : 16);

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

/** Where the ring fields are inside their mappings, read once from `io_uring_params`. */
interface RingOffsets {
  readonly sqTail: number;
  readonly sqMask: number;
  readonly sqArray: number;
  readonly cqHead: number;
  readonly cqTail: number;
  readonly cqMask: number;
  readonly cqes: number;
}

/** Bytes of one submission entry. */
const sqeSize = (sqe128: boolean): number => (sqe128 ? 128 : 64);

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
  readonly #maps: Mapping[];
  readonly #sq: DataView;
  readonly #cq: DataView;
  readonly #sqes: DataView;
  readonly #at: RingOffsets;
  #closed = false;

  private constructor(fd: number, params: DataView, maps: Mapping[], sqe128: boolean, cqe32: boolean) {
    this.#fd = fd;
    this.#maps = maps;
    this.sqe128 = sqe128;
    this.cqe32 = cqe32;
    const u32 = (at: number): number => params.getUint32(at, true);
    this.features = u32(PARAMS.features);
    this.#at = {
      sqTail: u32(PARAMS.sqOff + SQ_OFF.tail),
      sqMask: u32(PARAMS.sqOff + SQ_OFF.ringMask),
      sqArray: u32(PARAMS.sqOff + SQ_OFF.array),
      cqHead: u32(PARAMS.cqOff + CQ_OFF.head),
      cqTail: u32(PARAMS.cqOff + CQ_OFF.tail),
      cqMask: u32(PARAMS.cqOff + CQ_OFF.ringMask),
      cqes: u32(PARAMS.cqOff + CQ_OFF.cqes),
    };
    const dv = (m: Mapping): DataView => new DataView(m.view.buffer, m.view.byteOffset, m.view.byteLength);
    this.#sq = dv(maps[0]!);
    this.#cq = dv(maps.length === 3 ? maps[1]! : maps[0]!);
    this.#sqes = dv(maps[maps.length - 1]!);
  }

  /**
   * io_uring_setup(2) and the three (or two) ring mappings.
   * @throws {SystemError} from io_uring_setup: ENOSYS (no io_uring in this kernel), EINVAL (an unknown flag,
   *   e.g. SQE128 before Linux 6.0, CQE32 before 5.19), EPERM (io_uring disabled by `kernel.io_uring_disabled`).
   */
  static open(options: ProbeRingOptions = {}): ProbeRing {
    const sqe128 = options.sqe128 ?? true;
    const cqe32 = options.cqe32 ?? sqe128;
    const paramBytes = new Uint8Array(PARAMS.size);
    const params = new DataView(paramBytes.buffer);
    params.setUint32(PARAMS.flags, (sqe128 ? IORING_SETUP_SQE128 : 0) | (cqe32 ? IORING_SETUP_CQE32 : 0), true);
    const fd = libc('io_uring_setup').syscallIntPtr(SYS_IO_URING_SETUP, 2, paramBytes);
    if (fd < 0) throw new SystemError(lastErrno(), 'io_uring_setup');
    const maps: Mapping[] = [];
    try {
      const u32 = (at: number): number => params.getUint32(at, true);
      const sqSize = u32(PARAMS.sqOff + SQ_OFF.array) + u32(PARAMS.sqEntries) * 4;
      const cqSize = u32(PARAMS.cqOff + CQ_OFF.cqes) + u32(PARAMS.cqEntries) * cqeSize(cqe32);
      const ring = (length: number, offset: number): Mapping => mmap({ fd, length, offset, prot: PROT_READ | PROT_WRITE, flags: MAP_SHARED | MAP_POPULATE });
      if (u32(PARAMS.features) & IORING_FEAT_SINGLE_MMAP) {
        maps.push(ring(Math.max(sqSize, cqSize), IORING_OFF_SQ_RING));
      } else {
        maps.push(ring(sqSize, IORING_OFF_SQ_RING), ring(cqSize, IORING_OFF_CQ_RING));
      }
      maps.push(ring(u32(PARAMS.sqEntries) * sqeSize(sqe128), IORING_OFF_SQES));
      return new ProbeRing(fd, params, maps, sqe128, cqe32);
    } catch (e) {
      for (const m of maps) m.close();
      close(fd);
      throw e;
    }
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
    for (const m of this.#maps) m.close();
    close(this.#fd);
  }

  /** {@link ProbeRing.close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}
