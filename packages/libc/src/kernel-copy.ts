/**
 * Copies between a buffer and pieces of a mapping done by the kernel
 * (process_vm_writev / process_vm_readv on this very process), not by
 * JavaScript touching the mapped pages.
 *
 * Why: a device mapping whose pages the driver hands out per request (the
 * TCMU data area) is faulted in page by page when user space touches it.
 * The kernel's copy faults pages in from inside the kernel instead. In the
 * lab's User-Mode Linux a user-space page fault is a round trip through the
 * host: copying a command's 1 MiB from a freshly read buffer into the data
 * area took 80–120 ms from JavaScript, and the same copy again 0.2 ms. One
 * system call per request does the copy without user-space faults.
 *
 * Only {@link Mapping.copyIn} and {@link Mapping.copyOut} call this, after
 * checking every piece against the mapping: the addresses are the mapping's
 * own, so the kernel can only write where the mapping is.
 */
import { lastErrno, libc } from './bindings.js';
import { SystemError } from './errors.js';
import { addressOf } from './pointer.js';

/** A byte range of a mapping: its offset from the mapping's start and its length. */
export interface MappingPiece {
  /** Offset from the start of the mapping. */
  readonly offset: number;
  /** Length in bytes. */
  readonly length: number;
}

/** The kernel's limit on iovecs per call (UIO_MAXIOV). */
const IOV_MAX = 1024;

/**
 * struct iovec arrays (base, length pairs), reused by every call: the calls
 * are synchronous, so nothing else uses them meanwhile. Large enough to live
 * outside V8's heap, where their memory never moves.
 */
const remoteIovecs = new BigUint64Array(IOV_MAX * 2);
const localIovec = new BigUint64Array(16);

/** Which way the bytes go: into the mapping (`in`) or out of it (`out`). */
export type KernelCopyDirection = 'in' | 'out';

/**
 * Copies between `buffer` and the pieces (already checked to lie inside the
 * mapping at `base`), in order, up to the shorter of the two. Returns the
 * bytes copied; fewer than asked only when the kernel stopped at a page it
 * could not fault in. Throws `SystemError` when the call fails outright
 * (ENOSYS or EPERM where cross-memory attach is not available).
 */
export function kernelCopy(direction: KernelCopyDirection, base: bigint, pieces: readonly MappingPiece[], buffer: Uint8Array): number {
  const bindings = libc(direction === 'in' ? 'Mapping.copyIn' : 'Mapping.copyOut');
  const call = direction === 'in' ? bindings.processVmWritev : bindings.processVmReadv;
  const syscall = direction === 'in' ? 'process_vm_writev' : 'process_vm_readv';
  const pid = bindings.getpid();
  const bufferAddress = buffer.byteLength > 0 ? addressOf(buffer) : 0n;
  let done = 0;
  let next = 0;
  while (next < pieces.length && done < buffer.byteLength) {
    let count = 0;
    let asked = 0;
    while (next < pieces.length && count < IOV_MAX && done + asked < buffer.byteLength) {
      const piece = pieces[next++]!;
      const length = Math.min(piece.length, buffer.byteLength - done - asked);
      if (length === 0) continue;
      remoteIovecs[count * 2] = base + BigInt(piece.offset);
      remoteIovecs[count * 2 + 1] = BigInt(length);
      count++;
      asked += length;
    }
    if (count === 0) break;
    localIovec[0] = bufferAddress + BigInt(done);
    localIovec[1] = BigInt(asked);
    const n = call(pid, localIovec, 1, remoteIovecs, count, 0);
    if (n < 0) throw new SystemError(lastErrno(), syscall, { address: base });
    done += n;
    if (n < asked) break;
  }
  // the buffer's address was used by the call above: keep it reachable until here
  void buffer.byteLength;
  return done;
}
