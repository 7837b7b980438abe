/** `sgio dd` implementation (like sg_dd, sgm_dd and sgp_dd). */
import { existsSync, readFileSync } from 'node:fs';
import { commandTracer, resultOf } from '../common/command-trace.js';
import { runCopy } from '../common/dd/copy-loop.js';
import { parseDdOperands } from '../common/dd/operands.js';
import { setupDd, type DdFlags } from '../common/dd/setup.js';
import { summarize, summaryLines, switchedLine } from '../common/dd/summary.js';
import { exitCodeFor } from '../common/fail.js';
import { timeoutMs, type CommonOptions } from '../common/global-options.js';
import { jsonReplacer, toHex } from '../common/output.js';
import { stderr, stdout } from '../common/stdio.js';

/** The options of `sgio dd`. */
export interface DdOptions extends CommonOptions {
  /** mmap-ed IO. */
  mmap?: boolean;
  /** Direct IO. */
  dio?: boolean;
  /** Queue depth. */
  qd?: number;
  /** Compare instead of copy. */
  verify?: boolean;
  /** Progress bar. */
  progress?: boolean;
  /** Throughput line. */
  time?: boolean;
  /** SYNCHRONIZE CACHE (or fsync) at the end. */
  sync?: boolean;
  /** Keep --qd's commands queued even when the device answers inside each submit. */
  alwaysQueue?: boolean;
  /** false with --no-io-uring: at --qd > 1 an sg node keeps the sg driver's queue even when its bsg node takes io_uring. */
  ioUring?: boolean;
}

function dioAllowed(): boolean | undefined {
  const path = '/proc/scsi/sg/allow_dio';
  return existsSync(path) ? readFileSync(path, 'utf8').trim() === '1' : undefined;
}

/** Runs dd; returns the exit status (or re-raises SIGINT after reporting, as sg_dd does). */
export async function dd(operands: string[], opts: DdOptions): Promise<number> {
  const ops = parseDdOperands(operands);
  const verbose = (opts.verbose ?? 0) + ops.verbose;
  const onCommand = commandTracer(verbose, 'stream');
  const flags: DdFlags = { mmap: Boolean(opts.mmap), dio: Boolean(opts.dio), queueDepth: opts.qd ?? 1, verify: Boolean(opts.verify), timeoutMs: timeoutMs(opts), alwaysQueue: Boolean(opts.alwaysQueue), ioUring: opts.ioUring !== false };
  const setup = await setupDd(ops, flags, onCommand);
  // the report goes to stderr (like sg_dd); JSON to stdout unless the data does
  const report = ops.output === '-' ? stderr : stdout;
  if (verbose > 0) {
    stderr.write(` >> Input: ${setup.source.kind} ${setup.source.path}\n >> Output: ${setup.sink.kind} ${setup.sink.path}${flags.verify ? ' (verify)' : ''}\n`);
    stderr.write(` >> bs=${setup.plan.blockSize} bpt=${setup.plan.blocksPerTransfer} count=${setup.plan.count ?? 'until end of input'} skip=${ops.skip} seek=${ops.seek} mode=${setup.mode} qd=${flags.queueDepth}${setup.zones !== undefined ? ` zoned: ${setup.zones} zone(s), transfers split at zone boundaries, written in order` : ''}\n`);
  }
  // cli-progress (and readline under it) loads only when a bar is asked for
  const progress = opts.progress ? (await import('../common/dd/progress.js')).createProgress(setup.plan.count, setup.plan.blockSize) : undefined;
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.on('SIGINT', onSigint);
  let seconds = 0;
  let outcome;
  try {
    const started = performance.now();
    outcome = await runCopy(setup.source, setup.sink, setup.plan, { signal: abort.signal, onTransfer: progress ? (c) => progress.update(c) : undefined });
    seconds = (performance.now() - started) / 1000;
    progress?.stop();
    if (outcome.error === undefined && !outcome.interrupted && (opts.sync || ops.sync) && !flags.verify) await setup.sink.flush();
  } finally {
    progress?.stop();
    await setup.close();
  }
  const exitStatus = outcome.error === undefined ? 0 : exitCodeFor(outcome.error);
  let errorMessage: string | undefined;
  if (outcome.error !== undefined) {
    errorMessage = outcome.error instanceof Error ? outcome.error.message : JSON.stringify(outcome.error);
    const failed = resultOf(outcome.error);
    if (verbose > 0 && failed) stderr.write(`    failed ${failed.command} cdb: ${toHex(failed.cdb)}\n`);
    stderr.write(`sgio: ${outcome.failedAt === 'write' ? (flags.verify ? 'verify' : 'write') : 'read'} failed at block ${outcome.failedLba}: ${errorMessage}\n`);
  }
  const switched = setup.switchedToSgIo();
  if (verbose > 0 && !opts.time && !ops.time) for (const path of switched) stderr.write(` ${switchedLine(path)}\n`);
  const summary = summarize(outcome, setup.plan, { seconds, mode: setup.mode, verify: flags.verify, sg: setup.counters, switchedToSgIo: switched, errorMessage, exitStatus });
  if (opts.json) report.write(`${JSON.stringify(summary, jsonReplacer, 2)}\n`);
  else stderr.write(`${summaryLines(summary, { time: Boolean(opts.time || ops.time), dioAllowed: dioAllowed() }).join('\n')}\n`);
  process.removeListener('SIGINT', onSigint);
  if (outcome.interrupted) {
    // die by the signal, as sg_dd does, so the shell sees 128+2
    process.kill(process.pid, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return 130;
  }
  return exitStatus;
}
