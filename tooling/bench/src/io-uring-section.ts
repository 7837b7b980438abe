/**
 * The io_uring line of the report: whether this kernel can pass SCSI
 * commands through io_uring (IORING_OP_URING_CMD on the device's bsg node),
 * and if not, where the road ends. The transport and its QD1/QD16 figures
 * against SG_IO and fio can only be measured on a kernel that has it.
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
  return ['io_uring SCSI passthrough', `  ${r.supported ? 'available' : 'not available'}: ${r.reason}`, `  (${steps.join('; ')})`].join('\n');
}
