/**
 * Setting a dd run up: open both ends, settle the block size (an sg
 * device's comes from READ CAPACITY and bs= must match it), blocks per
 * transfer, count, and each sg end's transfer mode.
 */
import type { TransferMode } from '@sgio/core';
import type { CommandListener } from '@sgio/core';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import { classifyPath } from './classify.js';
import { CompareSink } from './compare-sink.js';
import type { CopyPlan } from './copy-loop.js';
import type { DdSink, DdSource, SgCounters } from './endpoint.js';
import { openFileEndpoint } from './file-endpoint.js';
import { defaultBlocksPerTransfer, type DdOperands } from './operands.js';
import { BsgEndpoint } from './bsg-endpoint.js';
import { DeviceEnd, type SgRole } from './device-end.js';
import { SgEndpoint } from './sg-endpoint.js';

/** The flags that shape a run. */
export interface DdFlags {
  /** mmap-ed IO through the reserved buffer. */
  readonly mmap: boolean;
  /** Direct IO. */
  readonly dio: boolean;
  /** Transfers in flight. */
  readonly queueDepth: number;
  /** Compare instead of writing. */
  readonly verify: boolean;
  /** Command timeout in ms. */
  readonly timeoutMs: number;
  /** At qd > 1, keep queueing even when the device answers inside each submit (see inline-probe.ts). */
  readonly alwaysQueue?: boolean;
  /** At qd > 1 on an sg node, go through the device's bsg node when it takes io_uring (default true; see {@link BsgEndpoint.openIoUring}). */
  readonly ioUring?: boolean;
}

/** An opened run, ready to copy. */
export interface DdSetup {
  /** The input. */
  readonly source: DdSource;
  /** The output (or compare target). */
  readonly sink: DdSink;
  /** The copy plan. */
  readonly plan: CopyPlan;
  /** Mode label for reports (`indirect`, `direct`, `mmap`, `mmap+indirect`, `file`; a bsg end: `io_uring` or `bsg`). */
  readonly mode: string;
  /** Counters the sg ends update. */
  readonly counters: SgCounters;
  /** On a host-managed zoned output: how many zones the write touches (transfers split at their boundaries, written in order). */
  readonly zones: number | undefined;
  /** The sg ends that switched from queueing to SG_IO because the device answered inside each submit (after the copy). */
  switchedToSgIo(): string[];
  /** Closes both ends. */
  close(): Promise<void>;
}

export { MAX_QUEUE_DEPTH } from './limits.js';

/** Opens and plans a run; on failure closes whatever it opened. */
export async function setupDd(ops: DdOperands, flags: DdFlags, onCommand: CommandListener | undefined): Promise<DdSetup> {
  const counters: SgCounters = { residual: 0, dioIncomplete: 0, commands: 0 };
  const opened: { close(): Promise<void> }[] = [];
  const closeAll = async (): Promise<void> => {
    for (const e of opened.reverse()) await e.close();
  };
  let blockSize = ops.blockSize ?? 512;
  const bs = (): number => blockSize;
  try {
    const inInfo = classifyPath(ops.input, 'in');
    const outInfo = classifyPath(ops.output, 'out');
    const sgOptions = { timeout: flags.timeoutMs, onCommand, counters, alwaysQueue: flags.alwaysQueue ?? false };
    // queued transfers on an sg node that need neither its reserved buffer nor direct IO: its bsg node's io_uring
    // carries them with one system call a turn instead of a write() and a read() each (sg ends keep --always-queue)
    const dio = flags.dio || ops.dio;
    const viaIoUring = flags.queueDepth > 1 && flags.ioUring !== false && !flags.mmap && !dio && flags.alwaysQueue !== true;
    const openDevice = async (path: string, role: SgRole, bsg: boolean | undefined): Promise<SgEndpoint | BsgEndpoint> => {
      if (bsg) return BsgEndpoint.open(path, role, sgOptions);
      return (viaIoUring ? await BsgEndpoint.openIoUring(path, role, sgOptions) : undefined) ?? SgEndpoint.open(path, role, sgOptions);
    };
    const source: DdSource = inInfo.kind === 'sg' ? await openDevice(ops.input, 'in', inInfo.bsg) : openFileEndpoint(ops.input, 'in', inInfo.kind, inInfo.sizeBytes, bs);
    opened.push(source);
    let sink: DdSink;
    if (outInfo.kind === 'sg') sink = await openDevice(ops.output, flags.verify ? 'verify' : 'out', outInfo.bsg);
    else if (flags.verify) sink = new CompareSink(openFileEndpoint(ops.output, 'in', outInfo.kind, outInfo.sizeBytes, bs), bs);
    else sink = openFileEndpoint(ops.output, 'out', outInfo.kind, outInfo.sizeBytes, bs);
    opened.push(sink);

    blockSize = settleBlockSize(ops.blockSize, source, sink);
    const blocksPerTransfer = ops.blocksPerTransfer ?? defaultBlocksPerTransfer(blockSize);
    const count = settleCount(ops, source, sink, blockSize);
    let plan: CopyPlan = { blockSize, blocksPerTransfer, count, skip: ops.skip, seek: ops.seek, queueDepth: flags.queueDepth };

    const other: TransferMode = dio ? 'direct' : 'indirect';
    const sgIn = source instanceof DeviceEnd ? source : undefined;
    const sgOut = sink instanceof DeviceEnd ? sink : undefined;
    if (flags.mmap && !sgIn && !sgOut) throw new CliError('--mmap needs an sg device as input or output (it maps the sg reserved buffer)');
    const bsgEnd = [source, sink].find((e): e is BsgEndpoint => e instanceof BsgEndpoint);
    if (flags.mmap && bsgEnd) {
      // measured in the lab: the bsg driver's SG_IO fails with EFAULT on memory of an sg node's mapping (the sg driver maps it VM_IO)
      throw new CliError(`--mmap: ${bsgEnd.path} is a bsg node: it has no reserved buffer to map, and it cannot move data in or out of an sg node's mapping; ${bsgEnd.sgNodeAdvice()}, or leave --mmap out`);
    }
    const inMode: TransferMode = flags.mmap && sgIn ? 'mmap' : other;
    const outMode: TransferMode = flags.mmap && !sgIn ? 'mmap' : other;
    // a host-managed zoned output: refuse a range the zones would refuse, before writing; then split at zone boundaries, in order
    const zoned = sgOut && !flags.verify ? sgOut.zonedWritePlan(ops.seek, count) : undefined;
    if (zoned) plan = { ...plan, outputBoundary: (lba) => zoned.blocksToBoundary(lba) };
    const base = { queueDepth: flags.queueDepth, blockSize, blocksPerTransfer, cdbSize: ops.cdbSize };
    await sgIn?.configure({ ...base, transfer: inMode });
    await sgOut?.configure({ ...base, transfer: outMode });
    const modes = [sgIn?.modeLabel(inMode), sgOut?.modeLabel(outMode)].filter((m): m is string => m !== undefined);
    const mode = modes.length === 0 ? 'file' : [...new Set(modes)].join('+');
    const switchedToSgIo = (): string[] => [sgIn, sgOut].filter((e) => e?.switchedToSgIo === true).map((e) => e!.path);
    return { source, sink, plan, mode, counters, zones: zoned?.zones.length, switchedToSgIo, close: closeAll };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

function settleBlockSize(given: number | undefined, source: DdSource, sink: DdSink): number {
  const devices = [source, sink].filter((e) => e.blockSize !== undefined);
  for (const d of devices) {
    if (given !== undefined && d.blockSize !== given) {
      throw new CliError(`logical block size on ${d.path} confusion: bs=${given}, device claims=${d.blockSize}. Use bs=${d.blockSize} (or leave bs= out).`);
    }
  }
  if (devices.length === 2 && devices[0]!.blockSize !== devices[1]!.blockSize) {
    throw new CliError(`${source.path} has ${source.blockSize}-byte blocks and ${sink.path} ${sink.blockSize}-byte blocks; sgio dd copies with one block size`);
  }
  return given ?? devices[0]?.blockSize ?? 512;
}

function settleCount(ops: DdOperands, source: DdSource, sink: DdSink, bs: number): number | undefined {
  const inBlocks = source.sizeBytes === undefined ? undefined : Math.ceil(source.sizeBytes / bs);
  if (source.kind === 'sg' && inBlocks !== undefined && ops.skip > inBlocks) {
    throw new CliError(`skip=${ops.skip} lies beyond the end of ${source.path} (${inBlocks} blocks)`, ExitCode.LBA_OUT_OF_RANGE);
  }
  if (ops.count !== undefined) return ops.count;
  if (inBlocks !== undefined && source.kind !== 'null') return Math.max(0, inBlocks - ops.skip);
  if (source.kind === 'null') return 0;
  if ((sink.kind === 'sg' || sink.kind === 'block') && sink.sizeBytes !== undefined) return Math.max(0, Math.floor(sink.sizeBytes / bs) - ops.seek);
  if (source.kind === 'zero') throw new CliError(`${source.path} never ends: give count=`);
  return undefined;
}
