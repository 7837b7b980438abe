/**
 * Can this kernel pass SCSI commands through io_uring? Linux merged a
 * `uring_cmd` handler for bsg nodes in 2026 ("scsi: bsg: add io_uring
 * passthrough handler": IORING_OP_URING_CMD on /dev/bsg/H:C:T:L, one system
 * call for many commands). This probe asks the running kernel, step by step,
 * and says where the road ends: io_uring itself, 128-byte entries, the
 * URING_CMD opcode, and finally whether the bsg node answers a URING_CMD
 * with anything but EOPNOTSUPP (io_uring's answer for a file without a
 * `uring_cmd` handler).
 *
 * The probe's URING_CMD carries command op 0 and an all-zero payload: a
 * kernel without the handler refuses it before looking; one with the
 * handler answers it with its own verdict (not EOPNOTSUPP), which is all the
 * probe needs to know. No data buffer is ever handed to the kernel.
 *
 * The ring has 128-byte submission and 32-byte completion entries. Without
 * the latter, a handler that exists answers EOPNOTSUPP as well (measured on
 * Debian's UML build of Linux 7.2.7: EOPNOTSUPP with 16-byte completions,
 * EINVAL for the same all-zero command with 32-byte ones; Linux 6.1 answers
 * EOPNOTSUPP either way), so an earlier version of this probe, without
 * them, took 7.2 for a kernel without the handler.
 */
import { release } from 'node:os';
import { close, IORING_OP_NOP, IORING_OP_URING_CMD, O_RDWR, open, ProbeRing, SystemError, type UringCompletion } from '@sgio/libc';

/** What {@link probeUringPassthrough} found. */
export interface UringPassthroughReport {
  /** `uname -r`. */
  readonly kernel: string;
  /** The errno name io_uring_setup failed with, when it did (`ENOSYS`: no io_uring). */
  readonly setupError?: string;
  /** The ring has 128-byte entries (URING_CMD payloads need them; Linux 6.0+). */
  readonly sqe128: boolean;
  /** The ring has 32-byte completion entries (passthrough handlers need them; Linux 5.19+). */
  readonly cqe32: boolean;
  /** The kernel's io_uring knows IORING_OP_URING_CMD (Linux 5.19+). */
  readonly uringCmdOpcode: boolean;
  /** A NOP's completion: proof the ring works. */
  readonly nop?: UringCompletion;
  /** The bsg node's answer to a URING_CMD; `'timeout'` when none came within the wait. */
  readonly bsg?: UringCompletion | 'timeout';
  /** True when the bsg node has a `uring_cmd` handler. */
  readonly supported: boolean;
  /** One sentence: where the road ended, or that it is open. */
  readonly reason: string;
}

function opened(kernel: string, ring: ProbeRing, bsgPath: string, timeoutMs: number, givenFd?: number): UringPassthroughReport {
  const uringCmdOpcode = ring.supportedOps().has(IORING_OP_URING_CMD);
  const nop = ring.run((e) => e.setUint8(0, IORING_OP_NOP), timeoutMs);
  const base = { kernel, sqe128: ring.sqe128, cqe32: ring.cqe32, uringCmdOpcode, ...(nop ? { nop } : {}) };
  if (!nop || nop.res !== 0) return { ...base, supported: false, reason: `an io_uring NOP did not complete cleanly (${nop ? (nop.code ?? nop.res) : 'no completion'}): the ring does not work here` };
  if (!uringCmdOpcode) return { ...base, supported: false, reason: `Linux ${kernel}'s io_uring does not know IORING_OP_URING_CMD (it came in 5.19)` };
  const fd = givenFd ?? open(bsgPath, O_RDWR);
  let bsg: UringCompletion | undefined;
  try {
    bsg = ring.run((e) => {
      e.setUint8(0, IORING_OP_URING_CMD);
      e.setInt32(4, fd, true);
    }, timeoutMs);
  } finally {
    // a URING_CMD still in flight holds its own reference to the file
    if (givenFd === undefined) close(fd);
  }
  if (!bsg) return { ...base, bsg: 'timeout', supported: true, reason: `${bsgPath} took a URING_CMD and did not refuse it within ${timeoutMs} ms: it has a uring_cmd handler` };
  if (bsg.code === 'EOPNOTSUPP') {
    return { ...base, bsg, supported: false, reason: `${bsgPath} answers IORING_OP_URING_CMD with EOPNOTSUPP: Linux ${kernel}'s bsg driver has no uring_cmd handler (added to Linux in 2026), so SCSI passthrough over io_uring is not available on this kernel` };
  }
  return { ...base, bsg, supported: true, reason: `${bsgPath} answered a URING_CMD with ${bsg.code ?? bsg.res}, not EOPNOTSUPP: it has a uring_cmd handler` };
}

/**
 * Probes io_uring SCSI passthrough on a bsg node (`bsgPathFor('/dev/sg0')`
 * finds one). Never throws for what the kernel lacks: the report says it.
 * @param bsgPath - a bsg node, opened read-write for the probe
 * @param timeoutMs - how long to wait for each completion
 * @throws {SystemError} when the bsg node cannot be opened (a permission or path problem, not a kernel one)
 */
export function probeUringPassthrough(bsgPath: string, timeoutMs = 2000): UringPassthroughReport {
  return probe(bsgPath, timeoutMs, undefined);
}

let cached: UringPassthroughReport | undefined;

/**
 * {@link probeUringPassthrough} on a bsg node the caller has open (`fd`),
 * once per process: the answer is the kernel's, the same for every node.
 * This is how `BsgDevice.open` picks its transport.
 */
export function uringPassthroughSupport(fd: number, bsgPath: string): UringPassthroughReport {
  cached ??= probe(bsgPath, 2000, fd);
  return cached;
}

function probe(bsgPath: string, timeoutMs: number, fd: number | undefined): UringPassthroughReport {
  const kernel = release();
  let ring: ProbeRing;
  try {
    ring = ProbeRing.open({ sqe128: true, cqe32: true });
  } catch (e) {
    if (!(e instanceof SystemError)) throw e;
    if (e.code === 'EINVAL') {
      return { kernel, setupError: 'EINVAL', sqe128: false, cqe32: false, uringCmdOpcode: false, supported: false, reason: `Linux ${kernel} refuses 128-byte submission or 32-byte completion entries (they came in 6.0 and 5.19), which URING_CMD passthrough needs` };
    }
    return { kernel, setupError: e.code, sqe128: false, cqe32: false, uringCmdOpcode: false, supported: false, reason: `io_uring_setup failed with ${e.code}: ${e.code === 'ENOSYS' ? `Linux ${kernel} was built without io_uring` : e.code === 'EPERM' ? 'io_uring is turned off (sysctl kernel.io_uring_disabled)' : e.message}` };
  }
  try {
    return opened(kernel, ring, bsgPath, timeoutMs, fd);
  } finally {
    ring.close();
  }
}
