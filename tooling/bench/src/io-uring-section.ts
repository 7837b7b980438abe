/**
 * The io_uring line of the report: whether this kernel can pass SCSI
 * commands through io_uring (IORING_OP_URING_CMD on the device's bsg node),
 * and if not, where the road ends. Where it can, BsgDevice's io_uring
 * transport is measured by the uring-qd1 and uring-qd16 cases of the table
 * (`pnpm bench -- --kernel unstable`: Linux 7.2).
 */
import { bsgPathFor, probeUringPassthrough, type UringPassthroughReport } from '@sgio/core';

/** Probes the device's bsg node. */
export function measureIoUring(device: string): UringPassthroughReport {
  return probeUringPassthrough(bsgPathFor(device));
}

/** The report's lines. */
export function renderIoUring(r: UringPassthroughReport): string {
  const steps = [
    `kernel ${r.kernel}`,
    r.setupError ? `io_uring_setup: ${r.setupError}` : `ring: ${r.sqe128 ? '128-byte entries' : '64-byte entries'}${r.cqe32 ? ', 32-byte completions' : ''}, NOP ${r.nop ? (r.nop.code ?? r.nop.res) : 'no completion'}`,
    `URING_CMD opcode ${r.uringCmdOpcode ? 'known' : 'unknown'}`,
    ...(r.bsg ? [`bsg answer: ${r.bsg === 'timeout' ? 'none within the wait' : (r.bsg.code ?? r.bsg.res)}`] : []),
  ];
  const use = r.supported ? '  BsgDevice uses it (transport auto); the uring-* rows above measure it' : '  BsgDevice uses SG_IO here; the uring-* rows need Linux 7.2 (pnpm bench -- --kernel unstable)';
  return ['io_uring SCSI passthrough', `  ${r.supported ? 'available' : 'not available'}: ${r.reason}`, `  (${steps.join('; ')})`, use].join('\n');
}
