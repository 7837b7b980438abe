/**
 * The end of a dd run, as sg_dd prints it (records in/out on stderr, the
 * time line with --time) and as stable JSON.
 */
import type { CopyOutcome, CopyPlan } from './copy-loop.js';
import type { SgCounters } from './endpoint.js';

/** Everything the summary reports. */
export interface DdSummary {
  /** Whole blocks read. */
  readonly recordsIn: number;
  /** Partial blocks read. */
  readonly recordsInPartial: number;
  /** Whole blocks written (or verified). */
  readonly recordsOut: number;
  /** Partial blocks written. */
  readonly recordsOutPartial: number;
  /** Bytes read from the input. */
  readonly bytes: number;
  /** Seconds the copy took (from the first transfer to the last completion). */
  readonly seconds: number;
  /** Throughput in MB/s (10^6 bytes per second, as sg_dd). */
  readonly mbPerSecond: number;
  /** Transfers (one read plus one write of up to bpt blocks) per second. */
  readonly iops: number;
  /** Transfers completed. */
  readonly transfers: number;
  /** SCSI commands sent for the data (READ, WRITE, VERIFY). */
  readonly scsiCommands: number;
  /** Logical block size. */
  readonly blockSize: number;
  /** Blocks per transfer. */
  readonly blocksPerTransfer: number;
  /** Transfers kept in flight. */
  readonly queueDepth: number;
  /**
   * The sg ends (paths) that began with --qd's queued commands, found the
   * device answering each inside its submit, and went on with SG_IO (one
   * system call per transfer instead of two); empty otherwise.
   */
  readonly switchedToSgIo: readonly string[];
  /** Data transfer mode of the sg side(s): indirect, direct or mmap. */
  readonly mode: string;
  /** True with --verify (records out are records verified). */
  readonly verify: boolean;
  /** True when SIGINT stopped the copy. */
  readonly interrupted: boolean;
  /** Blocks not copied (null when the count was open). */
  readonly remaining: number | null;
  /** Sum of residual counts the driver reported. */
  readonly residual: number;
  /** Direct IO requests the driver carried out indirectly. */
  readonly dioIncomplete: number;
  /** The error that stopped the copy, if any. */
  readonly error: { readonly message: string; readonly exitStatus: number; readonly side: string; readonly lba: number | null } | null;
}

/** Builds the summary. */
export function summarize(
  outcome: CopyOutcome,
  plan: CopyPlan,
  extra: { seconds: number; mode: string; verify: boolean; sg: SgCounters; switchedToSgIo?: readonly string[]; errorMessage?: string; exitStatus: number },
): DdSummary {
  const seconds = extra.seconds;
  return {
    recordsIn: outcome.blocksIn,
    recordsInPartial: outcome.partialIn,
    recordsOut: outcome.blocksOut,
    recordsOutPartial: outcome.partialOut,
    bytes: outcome.bytes,
    seconds: round(seconds, 6),
    mbPerSecond: seconds > 0 ? round(outcome.bytes / seconds / 1e6, 2) : 0,
    iops: seconds > 0 ? Math.round(outcome.transfers / seconds) : 0,
    transfers: outcome.transfers,
    scsiCommands: extra.sg.commands,
    blockSize: plan.blockSize,
    blocksPerTransfer: plan.blocksPerTransfer,
    queueDepth: plan.queueDepth,
    switchedToSgIo: extra.switchedToSgIo ?? [],
    mode: extra.mode,
    verify: extra.verify,
    interrupted: outcome.interrupted,
    remaining: outcome.remaining ?? null,
    residual: extra.sg.residual,
    dioIncomplete: extra.sg.dioIncomplete,
    error:
      outcome.error === undefined
        ? null
        : { message: extra.errorMessage ?? 'unknown error', exitStatus: extra.exitStatus, side: outcome.failedAt ?? 'read', lba: outcome.failedLba ?? null },
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** What dd says of an sg end that went on with SG_IO after its queued commands were each answered inside their submit. */
export function switchedLine(path: string): string {
  return `>> ${path} answered each queued command inside its submit: the rest went through SG_IO, one system call a transfer (--always-queue keeps queueing)`;
}

/** The text sg_dd prints at the end (without a trailing newline per line joined by \n). */
export function summaryLines(s: DdSummary, options: { time: boolean; dioAllowed: boolean | undefined }): string[] {
  const lines: string[] = [];
  if (options.time) {
    lines.push(
      s.seconds > 0
        ? `time to transfer data: ${s.seconds.toFixed(6)} secs at ${s.mbPerSecond.toFixed(2)} MB/sec, ${s.iops} IOPS (${s.transfers} transfers of up to ${s.blocksPerTransfer} blocks, ${s.mode} IO, qd ${s.queueDepth})`
        : `time to transfer data: ${s.seconds.toFixed(6)} secs`,
    );
  }
  if (options.time) for (const path of s.switchedToSgIo) lines.push(switchedLine(path));
  if (s.interrupted) lines.push(`Interrupted by signal,  remaining block count=${s.remaining ?? 'unknown'}`);
  else if (s.error) lines.push(`Some error occurred,  remaining block count=${s.remaining ?? 'unknown'}`);
  lines.push(`${s.recordsIn}+${s.recordsInPartial} records in`);
  lines.push(`${s.recordsOut}+${s.recordsOutPartial} records ${s.verify ? 'verified' : 'out'}`);
  if (s.error) lines.push(s.error.exitStatus === 14 ? '1 miscompare error(s)' : '1 unrecovered error(s)');
  if (s.residual !== 0) lines.push(`>> Non-zero sum of residual counts=${s.residual}`);
  if (s.dioIncomplete > 0) {
    lines.push(`>> Direct IO requested but incomplete ${s.dioIncomplete} times`);
    if (options.dioAllowed === false) lines.push(">>> /proc/scsi/sg/allow_dio set to '0' but should be set to '1' for direct IO");
  }
  return lines;
}
