/**
 * What every io_uring of the package shares: the system call numbers, the
 * setup flags, and io_uring_setup(2) with the ring mappings and the offsets
 * of the ring fields read from `io_uring_params`. The probe ring
 * (io-uring.ts) and the command ring (io-uring-command-ring.ts) are built on it.
 */
import { libc, lastErrno } from './bindings.js';
import { MAP_POPULATE, MAP_SHARED, PROT_READ, PROT_WRITE } from './constants/index.js';
import { SystemError } from './errors.js';
import { close } from './io.js';
import { mmap, type Mapping } from './mapping.js';

/** System call numbers of io_uring (the same on x86_64 and aarch64). */
export const SYS_IO_URING_SETUP = 425;
export const SYS_IO_URING_ENTER = 426;
export const SYS_IO_URING_REGISTER = 427;

/** io_uring opcodes the package uses or reports. */
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

export const IORING_ENTER_GETEVENTS = 1 << 0;
export const IORING_ENTER_EXT_ARG = 1 << 3;

const IORING_OFF_SQ_RING = 0;
const IORING_OFF_CQ_RING = 0x8000000;
const IORING_OFF_SQES = 0x10000000;

/** The field offsets of `struct io_uring_params` (120 bytes). */
const PARAMS = { size: 120, sqEntries: 0, cqEntries: 4, flags: 8, features: 20, sqOff: 40, cqOff: 80 } as const;
/** Offsets inside `io_sqring_offsets` / `io_cqring_offsets` (from their start in the params). */
const SQ_OFF = { head: 0, tail: 4, ringMask: 8, array: 24 } as const;
const CQ_OFF = { head: 0, tail: 4, ringMask: 8, cqes: 20 } as const;

/** Bytes of one submission entry. */
export const sqeSize = (sqe128: boolean): number => (sqe128 ? 128 : 64);
/** Bytes of one completion entry. */
export const cqeSize = (cqe32: boolean): number => (cqe32 ? 32 : 16);

/** Where the ring fields are inside their mappings, read once from `io_uring_params`. */
export interface RingOffsets {
  readonly sqHead: number;
  readonly sqTail: number;
  readonly sqMask: number;
  readonly sqArray: number;
  readonly cqHead: number;
  readonly cqTail: number;
  readonly cqMask: number;
  readonly cqes: number;
}

/** A set-up ring: its fd, mappings and where its fields are. */
export interface RingSetup {
  readonly fd: number;
  readonly features: number;
  readonly sqEntries: number;
  readonly cqEntries: number;
  readonly maps: readonly Mapping[];
  /** The submission ring (head, tail, mask, index array). */
  readonly sq: DataView;
  /** The completion ring (head, tail, mask, entries). */
  readonly cq: DataView;
  /** The submission entries. */
  readonly sqes: DataView;
  readonly at: RingOffsets;
}

function view(m: Mapping): DataView {
  return new DataView(m.view.buffer, m.view.byteOffset, m.view.byteLength);
}

/**
 * io_uring_setup(2) with `entries` and `flags`, and the three (or two) ring
 * mappings. Close with {@link closeRing}.
 * @throws {SystemError} from io_uring_setup: ENOSYS (no io_uring in this kernel), EINVAL (an unknown flag,
 *   e.g. SQE128 before Linux 6.0, CQE32 before 5.19), EPERM (io_uring disabled by `kernel.io_uring_disabled`).
 */
export function setupRing(entries: number, flags: number): RingSetup {
  const paramBytes = new Uint8Array(PARAMS.size);
  const params = new DataView(paramBytes.buffer);
  params.setUint32(PARAMS.flags, flags, true);
  const fd = libc('io_uring_setup').syscallIntPtr(SYS_IO_URING_SETUP, entries, paramBytes);
  if (fd < 0) throw new SystemError(lastErrno(), 'io_uring_setup');
  const maps: Mapping[] = [];
  try {
    const u32 = (at: number): number => params.getUint32(at, true);
    const sqEntries = u32(PARAMS.sqEntries);
    const cqEntries = u32(PARAMS.cqEntries);
    const sqSize = u32(PARAMS.sqOff + SQ_OFF.array) + sqEntries * 4;
    const cqSize = u32(PARAMS.cqOff + CQ_OFF.cqes) + cqEntries * cqeSize((flags & IORING_SETUP_CQE32) !== 0);
    const ring = (length: number, offset: number): Mapping => mmap({ fd, length, offset, prot: PROT_READ | PROT_WRITE, flags: MAP_SHARED | MAP_POPULATE });
    const features = u32(PARAMS.features);
    if (features & IORING_FEAT_SINGLE_MMAP) maps.push(ring(Math.max(sqSize, cqSize), IORING_OFF_SQ_RING));
    else maps.push(ring(sqSize, IORING_OFF_SQ_RING), ring(cqSize, IORING_OFF_CQ_RING));
    maps.push(ring(sqEntries * sqeSize((flags & IORING_SETUP_SQE128) !== 0), IORING_OFF_SQES));
    return {
      fd,
      features,
      sqEntries,
      cqEntries,
      maps,
      sq: view(maps[0]!),
      cq: view(maps.length === 3 ? maps[1]! : maps[0]!),
      sqes: view(maps[maps.length - 1]!),
      at: {
        sqHead: u32(PARAMS.sqOff + SQ_OFF.head),
        sqTail: u32(PARAMS.sqOff + SQ_OFF.tail),
        sqMask: u32(PARAMS.sqOff + SQ_OFF.ringMask),
        sqArray: u32(PARAMS.sqOff + SQ_OFF.array),
        cqHead: u32(PARAMS.cqOff + CQ_OFF.head),
        cqTail: u32(PARAMS.cqOff + CQ_OFF.tail),
        cqMask: u32(PARAMS.cqOff + CQ_OFF.ringMask),
        cqes: u32(PARAMS.cqOff + CQ_OFF.cqes),
      },
    };
  } catch (e) {
    for (const m of maps) m.close();
    close(fd);
    throw e;
  }
}

/** Unmaps the rings and closes the ring's fd (the kernel cancels what is still in flight). */
export function closeRing(ring: RingSetup): void {
  for (const m of ring.maps) m.close();
  close(ring.fd);
}
