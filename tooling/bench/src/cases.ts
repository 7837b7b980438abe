/**
 * The benchmark cases: each compares an sgio side with a reference C tool on
 * the same device in the same boot. Values are "higher is better" (IOPS or
 * MB/s); ratio = sgio / reference.
 */
import { fileURLToPath } from 'node:url';
import { bsgPathFor } from '@sgio/core';
import { lastJson, runMeasured, sgDdSeconds, sgReadSeconds, type RunOutput } from './measure.js';

/** Sizes a run uses. */
export interface BenchSizes {
  /** The sg device. */
  readonly device: string;
  /** Logical blocks on the device (512-byte). */
  readonly blocks: number;
  /** Single-block commands per IOPS run. */
  readonly singleOps: number;
  /** Seconds per fio / random-read run. */
  readonly randomSeconds: number;
  /** Blocks per sequential pass (the whole disk). */
  readonly seqBlocks: number;
}

/** One measurement of one side. */
export interface SideResult {
  /** IOPS or MB/s. */
  readonly value: number;
  /** Seconds of the measured work. */
  readonly seconds: number;
  /** Bytes moved. */
  readonly bytes: number;
  /** CPU seconds (user + system) of the process. */
  readonly cpuSeconds: number;
}

/** A benchmark case. */
export interface BenchCase {
  /** Stable id (JSON key). */
  readonly id: string;
  /** Table title. */
  readonly title: string;
  /** Unit of `value`. */
  readonly unit: 'IOPS' | 'MB/s';
  /** sgio side's name. */
  readonly sgioName: string;
  /** Reference side's name. */
  readonly referenceName: string;
  /** Ratio the project targets (sgio / reference); 0: reported only. */
  readonly target: number;
  /** Measures sgio once. */
  readonly sgio: (s: BenchSizes) => SideResult;
  /** Measures the reference once. */
  readonly reference: (s: BenchSizes) => SideResult;
  /** What the kernel must offer for the case to run (`io_uring`: bsg SCSI passthrough over io_uring, Linux 7.2+). */
  readonly requires?: 'io_uring';
}

const cli = fileURLToPath(new URL('../../../apps/cli/dist/bin.cjs', import.meta.url));
const worker = fileURLToPath(new URL('./workers/api-loop.js', import.meta.url));

const cpu = (r: RunOutput): number => r.userSeconds + r.sysSeconds;

function sgDd(tool: string, args: string[], bytes: number, unit: 'IOPS' | 'MB/s', ops: number): SideResult {
  const r = runMeasured(tool, [...args, 'time=1']);
  const seconds = sgDdSeconds(r.stdout + r.stderr);
  return { value: unit === 'IOPS' ? ops / seconds : bytes / 1e6 / seconds, seconds, bytes, cpuSeconds: cpu(r) };
}

interface DdJson {
  seconds: number;
  bytes: number;
}

function sgioDd(args: string[], unit: 'IOPS' | 'MB/s', ops: number): SideResult {
  const r = runMeasured(process.execPath, [cli, 'dd', ...args, '--time', '--json']);
  const j = lastJson<DdJson>(r.stdout);
  return { value: unit === 'IOPS' ? ops / j.seconds : j.bytes / 1e6 / j.seconds, seconds: j.seconds, bytes: j.bytes, cpuSeconds: cpu(r) };
}

function apiLoop(mode: string, device: string, amount: number, env: NodeJS.ProcessEnv = process.env): SideResult & { ops: number } {
  const r = runMeasured(process.execPath, [worker, mode, device, String(amount)], env);
  const j = lastJson<{ ops: number; seconds: number; bytes: number; via?: string }>(r.stdout);
  if (j.via !== undefined) process.stderr.write(`  (${mode}: the SgDevice's commands went via ${j.via})\n`);
  return { value: j.ops / j.seconds, seconds: j.seconds, bytes: j.bytes, cpuSeconds: cpu(r), ops: j.ops };
}

function seqCase(id: string, bpt: number, mmap: boolean): BenchCase {
  const kib = (bpt * 512) / 1024;
  return {
    id,
    title: `sequential read, ${kib} KiB transfers${mmap ? ', mmap-ed IO' : ''} (MB/s)`,
    unit: 'MB/s',
    sgioName: `sgio dd bpt=${bpt}${mmap ? ' --mmap' : ''}`,
    referenceName: `${mmap ? 'sgm_dd' : 'sg_dd'} bpt=${bpt}`,
    target: 0.95,
    sgio: (s) => sgioDd([`if=${s.device}`, 'of=/dev/null', 'bs=512', `bpt=${bpt}`, `count=${s.seqBlocks}`, ...(mmap ? ['--mmap'] : [])], 'MB/s', 0),
    reference: (s) =>
      sgDd(mmap ? 'sgm_dd' : 'sg_dd', [`if=${s.device}`, 'of=/dev/null', 'bs=512', `bpt=${bpt}`, `count=${s.seqBlocks}`], s.seqBlocks * 512, 'MB/s', 0),
  };
}

/**
 * `sgio dd --mmap --qd 4` against `sgp_dd thr=4 iflag=mmap`; `alwaysQueue`:
 * with `--always-queue` (no switch to SG_IO, reported without a target).
 */
function mmapQd4Case(id: string, alwaysQueue: boolean): BenchCase {
  return {
    id,
    title: alwaysQueue
      ? 'same, queued for every transfer (--always-queue: write() + read() per transfer, no switch to SG_IO) (MB/s)'
      : 'mmap-ed reads at queue depth 4 over 4 fds, 64 KiB transfers (dd goes on with SG_IO when the device answers inside each submit) (MB/s)',
    unit: 'MB/s',
    sgioName: `sgio dd --mmap --qd 4${alwaysQueue ? ' --always-queue' : ''}`,
    referenceName: 'sgp_dd thr=4 iflag=mmap',
    target: alwaysQueue ? 0 : 1.0,
    sgio: (s) => sgioDd([`if=${s.device}`, 'of=/dev/null', 'bs=512', 'bpt=128', `count=${s.seqBlocks}`, '--mmap', '--qd', '4', ...(alwaysQueue ? ['--always-queue'] : [])], 'MB/s', 0),
    reference: (s) => sgDd('sgp_dd', [`if=${s.device}`, 'of=/dev/null', 'bs=512', 'bpt=128', 'thr=4', 'iflag=mmap', `count=${s.seqBlocks}`], s.seqBlocks * 512, 'MB/s', 0),
  };
}

/**
 * `sgio dd` reading the device through its bsg node (`bpt` blocks a transfer, `qd` in flight: SG_IO at 1,
 * io_uring above) against sg_dd on the sg node, in transfers a second.
 */
function bsgDdCase(id: string, bpt: number, qd: number): BenchCase {
  const kib = (bpt * 512) / 1024;
  return {
    id,
    title: `sequential read through the bsg node, ${kib} KiB transfers, ${qd === 1 ? 'one at a time (SG_IO)' : `${qd} in flight (io_uring)`} (IOPS)`,
    unit: 'IOPS',
    sgioName: `sgio dd if=BSG bpt=${bpt}${qd > 1 ? ` --qd ${qd}` : ''}`,
    referenceName: `sg_dd bpt=${bpt} (sg node)`,
    target: qd > 1 ? 1.0 : 0.95,
    ...(qd > 1 ? { requires: 'io_uring' as const } : {}),
    sgio: (s) => sgioDd([`if=${bsgPathFor(s.device)}`, 'of=/dev/null', 'bs=512', `bpt=${bpt}`, `count=${s.seqBlocks}`, ...(qd > 1 ? ['--qd', String(qd)] : [])], 'IOPS', s.seqBlocks / bpt),
    reference: (s) => sgDd('sg_dd', [`if=${s.device}`, 'of=/dev/null', 'bs=512', `bpt=${bpt}`, `count=${s.seqBlocks}`], s.seqBlocks * 512, 'IOPS', s.seqBlocks / bpt),
  };
}

/** sg_read's zero-block READs (`bpt=0`: the command path alone), `n` of them, as commands per second. */
function sgReadZero(s: BenchSizes, n: number): SideResult {
  const r = runMeasured('sg_read', [`if=${s.device}`, 'bpt=0', `count=${n}`, 'time=1']);
  const seconds = sgReadSeconds(r.stdout + r.stderr);
  return { value: n / seconds, seconds, bytes: 0, cpuSeconds: cpu(r) };
}

/** A per-command overhead row: the api-loop `mode` against sg_read's zero-block READs (reported, no target). */
function overheadCase(id: string, title: string, sgioName: string, mode: string, requires?: 'io_uring'): BenchCase {
  return {
    id,
    title,
    unit: 'IOPS',
    sgioName: `${sgioName}, transfer length 0`,
    referenceName: 'sg_read bpt=0',
    target: 0,
    ...(requires ? { requires } : {}),
    sgio: (s) => apiLoop(mode, s.device, s.singleOps),
    reference: (s) => sgReadZero(s, s.singleOps),
  };
}

/** sg_dd's single-block reads (bpt=1, SG_IO one at a time): the reference of every single-command case. */
function sgDdSingle(s: BenchSizes): SideResult {
  return sgDd('sg_dd', [`if=${s.device}`, 'of=/dev/null', 'bs=512', 'bpt=1', `count=${s.singleOps}`], s.singleOps * 512, 'IOPS', s.singleOps);
}

/** fio's sg engine: 4 KiB random reads at queue depth 16 on the sg node. */
function fioSgRandom16(s: BenchSizes): SideResult {
  const r = runMeasured('fio', ['--name=bench', `--filename=${s.device}`, '--ioengine=sg', '--iodepth=16', '--rw=randread', '--bs=4k', `--runtime=${s.randomSeconds}`, '--time_based', '--output-format=json']);
  const job = lastJson<{ jobs: { read: { iops: number; io_bytes: number; runtime: number } }[] }>(r.stdout).jobs[0]!;
  return { value: job.read.iops, seconds: job.read.runtime / 1000, bytes: job.read.io_bytes, cpuSeconds: cpu(r) };
}

/** Every case, in table order. */
export const cases: readonly BenchCase[] = [
  {
    id: 'single-sync',
    title: 'single-block reads, one at a time (IOPS)',
    unit: 'IOPS',
    sgioName: 'executeSync loop',
    referenceName: 'sg_dd bpt=1',
    target: 0.95,
    sgio: (s) => apiLoop('sync', s.device, s.singleOps),
    reference: sgDdSingle,
  },
  {
    id: 'single-prepared',
    title: 'same, prepared request run() (IOPS; the floor of executeSync)',
    unit: 'IOPS',
    sgioName: 'prepared run() loop',
    referenceName: 'sg_dd bpt=1',
    target: 0,
    sgio: (s) => apiLoop('sync-prepared', s.device, s.singleOps),
    reference: sgDdSingle,
  },
  {
    id: 'single-raw',
    title: 'same, bare koffi ioctl(SG_IO) on a prebuilt header (IOPS; the floor of any Node.js caller)',
    unit: 'IOPS',
    sgioName: 'raw ioctl loop',
    referenceName: 'sg_dd bpt=1',
    target: 0,
    sgio: (s) => apiLoop('raw', s.device, s.singleOps),
    reference: sgDdSingle,
  },
  {
    id: 'single-dd',
    title: 'single-block reads with dd (IOPS)',
    unit: 'IOPS',
    sgioName: 'sgio dd bpt=1',
    referenceName: 'sg_dd bpt=1',
    target: 0.95,
    sgio: (s) => sgioDd([`if=${s.device}`, 'of=/dev/null', 'bs=512', 'bpt=1', `count=${s.singleOps}`], 'IOPS', s.singleOps),
    reference: sgDdSingle,
  },
  {
    id: 'single-promise',
    title: "single-block reads, promise API at QD1 on an sg node as it opens by default (via 'auto': the bsg ring where the kernel has it) (IOPS)",
    unit: 'IOPS',
    sgioName: 'await execute loop',
    referenceName: 'sg_dd bpt=1',
    target: 0.9,
    sgio: (s) => apiLoop('promise', s.device, s.singleOps),
    reference: sgDdSingle,
  },
  {
    id: 'single-promise-sg',
    title: "same, via 'sg': the sg queue's write() + read() per command (IOPS)",
    unit: 'IOPS',
    sgioName: "await execute loop, via 'sg'",
    referenceName: 'sg_dd bpt=1',
    target: 0,
    sgio: (s) => apiLoop('promise-sg', s.device, s.singleOps),
    reference: sgDdSingle,
  },
  {
    id: 'single-raw-async',
    title: 'same, bare write()+read() of a prebuilt header (IOPS; the floor of the async interface at QD1)',
    unit: 'IOPS',
    sgioName: 'raw write+read loop',
    referenceName: 'sg_dd bpt=1',
    target: 0,
    sgio: (s) => apiLoop('raw-async', s.device, s.singleOps),
    reference: sgDdSingle,
  },
  {
    id: 'random-4k-qd16',
    title: "4 KiB random reads at queue depth 16 on an sg node as it opens by default (via 'auto') (IOPS)",
    unit: 'IOPS',
    sgioName: '16 prepared submit() on one SgDevice',
    referenceName: 'fio ioengine=sg iodepth=16',
    target: 1.0,
    sgio: (s) => apiLoop('random16', s.device, s.randomSeconds, { ...process.env, BENCH_BLOCKS: String(s.blocks) }),
    reference: fioSgRandom16,
  },
  {
    id: 'random-4k-qd16-sg',
    title: "same, via 'sg': the sg queue of one fd (IOPS)",
    unit: 'IOPS',
    sgioName: "16 prepared submit(), via 'sg'",
    referenceName: 'fio ioengine=sg iodepth=16',
    target: 1.0,
    sgio: (s) => apiLoop('random16-sg', s.device, s.randomSeconds, { ...process.env, BENCH_BLOCKS: String(s.blocks) }),
    reference: fioSgRandom16,
  },
  {
    id: 'uring-qd1',
    title: 'single-block reads, promise API at QD1 over io_uring on the bsg node (IOPS)',
    unit: 'IOPS',
    sgioName: 'await execute loop, io_uring',
    referenceName: 'sg_dd bpt=1 (SG_IO)',
    target: 1.0,
    requires: 'io_uring',
    sgio: (s) => apiLoop('uring-promise', s.device, s.singleOps),
    reference: sgDdSingle,
  },
  {
    id: 'uring-qd1-fixed',
    title: 'same, into a buffer registered with the ring (fixed buffer: IORING_URING_CMD_FIXED, pinned once) (IOPS)',
    unit: 'IOPS',
    sgioName: 'await execute loop, io_uring, fixed buffer',
    referenceName: 'sg_dd bpt=1 (SG_IO)',
    target: 1.0,
    requires: 'io_uring',
    sgio: (s) => apiLoop('uring-fixed', s.device, s.singleOps),
    reference: sgDdSingle,
  },
  {
    id: 'uring-qd1-prepared',
    title: 'same, a prepared request submit() loop over io_uring (IOPS; no options, CDB encoding or result per command)',
    unit: 'IOPS',
    sgioName: 'await prepared submit() loop, io_uring',
    referenceName: 'sg_dd bpt=1 (SG_IO)',
    target: 1.0,
    requires: 'io_uring',
    sgio: (s) => apiLoop('uring-prepared', s.device, s.singleOps),
    reference: sgDdSingle,
  },
  {
    id: 'uring-raw',
    title: 'same, bare CommandRing loop: one READ(10) per io_uring_enter, no core (IOPS; the floor of any io_uring caller)',
    unit: 'IOPS',
    sgioName: 'raw ring loop',
    referenceName: 'sg_dd bpt=1 (SG_IO)',
    target: 0,
    requires: 'io_uring',
    sgio: (s) => apiLoop('uring-raw', s.device, s.singleOps),
    reference: sgDdSingle,
  },
  {
    id: 'uring-qd16',
    title: '4 KiB random reads at queue depth 16 over io_uring on the bsg node (IOPS)',
    unit: 'IOPS',
    sgioName: '16 execute loops, io_uring',
    referenceName: 'fio ioengine=sg iodepth=16',
    target: 1.3,
    requires: 'io_uring',
    sgio: (s) => apiLoop('uring-random16', s.device, s.randomSeconds, { ...process.env, BENCH_BLOCKS: String(s.blocks) }),
    reference: fioSgRandom16,
  },
  {
    id: 'uring-qd16-prepared',
    title: 'same, 16 prepared requests submit() over io_uring (IOPS)',
    unit: 'IOPS',
    sgioName: '16 prepared submit() loops, io_uring',
    referenceName: 'fio ioengine=sg iodepth=16',
    target: 1.3,
    requires: 'io_uring',
    sgio: (s) => apiLoop('uring-prepared16', s.device, s.randomSeconds, { ...process.env, BENCH_BLOCKS: String(s.blocks) }),
    reference: fioSgRandom16,
  },
  overheadCase('overhead-sync', 'per-command overhead: zero-block READ(10)s one at a time, executeSync (commands/s; 1e6 / value = µs per command)', 'executeSync', 'zero-sync'),
  overheadCase('overhead-promise', 'same, promise API (sg queue: write() + read() per command)', 'await execute', 'zero-promise'),
  overheadCase('overhead-uring', 'same, promise API over io_uring on the bsg node', 'await execute, io_uring', 'uring-zero', 'io_uring'),
  seqCase('seq-64k', 128, false),
  seqCase('seq-512k', 1024, false),
  seqCase('seq-64k-mmap', 128, true),
  seqCase('seq-512k-mmap', 1024, true),
  mmapQd4Case('mmap-qd4', false),
  // what the row above costs when every transfer stays on the asynchronous interface (dd switches to SG_IO on a
  // device that answers inside each submit, as scsi_debug with delay=0 does): the write() + read() pair itself
  mmapQd4Case('mmap-qd4-queued', true),
  bsgDdCase('dd-bsg-4k', 8, 1),
  bsgDdCase('dd-bsg-4k-qd16', 8, 16),
  {
    id: 'write-64k',
    title: 'sequential write, 64 KiB transfers (MB/s)',
    unit: 'MB/s',
    sgioName: 'sgio dd of=DEV bpt=128',
    referenceName: 'sg_dd of=DEV bpt=128',
    target: 0.95,
    sgio: (s) => sgioDd(['if=/dev/zero', `of=${s.device}`, 'bs=512', 'bpt=128', `count=${s.seqBlocks}`], 'MB/s', 0),
    reference: (s) => sgDd('sg_dd', ['if=/dev/zero', `of=${s.device}`, 'bs=512', 'bpt=128', `count=${s.seqBlocks}`], s.seqBlocks * 512, 'MB/s', 0),
  },
];
