/**
 * The TypeScript SCSI target under load: 4 KiB random reads at queue depth
 * 16 (fio, ioengine=sg) and 1 MiB sequential reads (sg_dd, bpt=2048)
 * through a TCMU disk served by an `sgio target` process in memory, beside
 * the same work, the same tools, on the kernel's own in-memory disk
 * (scsi_debug) in the same boot: ratio = TCMU disk / scsi_debug.
 *
 * tcmu-runner (Debian's package) is the C reference where it can be made to
 * run: it ships no memory or plain file handler, so it serves a fresh qcow2
 * image through its qcow handler (reads of unallocated clusters, zeros, as
 * our in-memory disk returns). When it does not start or serve, the section
 * says why instead of a figure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTcmuBackstore, exportTcmuBackstore, serveTcmuDisk, tearDownTcmu, unexportTcmu, type LabTcmuBackstore } from '@sgio/lab';
import { lastJson, runMeasured, sgDdSeconds } from './measure.js';
import { spread, type Spread } from './stats.js';

const cli = fileURLToPath(new URL('../../../apps/cli/dist/bin.cjs', import.meta.url));
const MIB = 1024 * 1024;
/** Blocks per sequential command: 1 MiB of 512-byte blocks (also the backstores' hw_max_sectors). */
const SEQ_BLOCKS = 2048;
/** The qcow2 image tcmu-runner serves. */
const QCOW_IMAGE = '/tmp/sgio-bench-tcmu.qcow2';

/** The disks one row is measured on. */
export type TcmuSide = 'typescript' | 'scsiDebug' | 'tcmuRunner';

/** One row: one workload on each disk. */
export interface TcmuRow {
  /** Stable id. */
  readonly id: 'random-4k-qd16' | 'seq-1m';
  /** What was run. */
  readonly title: string;
  /** Unit of the values. */
  readonly unit: 'IOPS' | 'MB/s';
  /** Values per disk, one per repetition (tcmu-runner's absent when it did not serve). */
  readonly values: Readonly<Partial<Record<TcmuSide, Spread>>>;
  /** TypeScript disk median / scsi_debug median. */
  readonly ratioToScsiDebug: number;
  /** TypeScript disk median / tcmu-runner median, when tcmu-runner served. */
  readonly ratioToTcmuRunner: number | undefined;
}

/** The TCMU section of the report. */
export interface TcmuReport {
  /** Size of each disk in MiB. */
  readonly sizeMb: number;
  /** The rows. */
  readonly rows: readonly TcmuRow[];
  /** Whether tcmu-runner served, and if not, why. */
  readonly tcmuRunner: { readonly served: boolean; readonly reason?: string };
}

interface Workload {
  readonly id: TcmuRow['id'];
  readonly title: string;
  readonly unit: TcmuRow['unit'];
  run(device: string, sizeMb: number, seconds: number): number;
}

const WORKLOADS: readonly Workload[] = [
  {
    id: 'random-4k-qd16',
    title: '4 KiB random reads at queue depth 16, fio ioengine=sg (IOPS)',
    unit: 'IOPS',
    run(device, sizeMb, seconds) {
      const r = runMeasured('fio', ['--name=tcmu', `--filename=${device}`, '--ioengine=sg', '--iodepth=16', '--rw=randread', '--bs=4k', `--size=${sizeMb}M`, `--runtime=${seconds}`, '--time_based', '--output-format=json']);
      return lastJson<{ jobs: { read: { iops: number } }[] }>(r.stdout).jobs[0]!.read.iops;
    },
  },
  {
    id: 'seq-1m',
    title: '1 MiB sequential reads of the whole disk, sg_dd bpt=2048 (MB/s)',
    unit: 'MB/s',
    run(device, sizeMb) {
      const r = runMeasured('sg_dd', [`if=${device}`, 'of=/dev/null', 'bs=512', `bpt=${SEQ_BLOCKS}`, `count=${(sizeMb * MIB) / 512}`, 'time=1']);
      return (sizeMb * MIB) / 1e6 / sgDdSeconds(r.stdout + r.stderr);
    },
  },
];

/** The next line of a child's stdout that is JSON, within `ms`. */
function ended(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** True once `pid` holds `uio` open (tcmu-runner took the device). */
function holds(pid: number, uio: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === uio;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** A served, exported TCMU disk. */
interface Served {
  readonly device: string;
  stop(): Promise<void>;
}

/** A TCMU disk served by an `sgio target` process (1 MiB commands allowed). */
async function serveTypeScript(sizeMb: number): Promise<Served> {
  const disk = await serveTcmuDisk({ bin: cli, name: 'sgiobench', sizeMb, extra: ['--max-transfer', String(SEQ_BLOCKS)], backstore: { hwMaxSectors: SEQ_BLOCKS } });
  return { device: disk.path, stop: () => disk.tearDown() };
}

/** A TCMU disk served by tcmu-runner's qcow handler; throws with the reason when it does not serve within 30 s. */
async function serveTcmuRunner(sizeMb: number): Promise<Served> {
  rmSync(QCOW_IMAGE, { force: true });
  runMeasured('qemu-img', ['create', '-q', '-f', 'qcow2', QCOW_IMAGE, `${sizeMb}M`]);
  const backstore: LabTcmuBackstore = await createTcmuBackstore({ name: 'runnerbench', sizeMb, hwMaxSectors: SEQ_BLOCKS, config: `qcow/${QCOW_IMAGE}` });
  const log = '/tmp/sgio-bench-tcmu-runner';
  mkdirSync(log, { recursive: true });
  const child = spawn('tcmu-runner', ['--tcmu-log-dir', log], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await ended(child);
    await tearDownTcmu();
    rmSync(QCOW_IMAGE, { force: true });
  };
  // its own reasons go to its log file, not to stderr: quote the log's last errors
  const why = (): string => {
    let text = stderr;
    try {
      text = readFileSync(join(log, 'tcmu-runner.log'), 'utf8');
    } catch {
      // no log: stderr is all there is
    }
    const errors = text.split('\n').filter((l) => /\[(ERROR|CRIT)\]/.test(l) && !/Starting|Exiting/.test(l));
    return (errors.length > 0 ? errors.slice(-3).join(' | ') : text.trim()).slice(-400);
  };
  rmSync(join(log, 'tcmu-runner.log'), { force: true });
  try {
    const until = Date.now() + 30_000;
    while (!holds(child.pid ?? -1, backstore.uio)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`tcmu-runner exited (${child.exitCode ?? child.signalCode}) without serving: ${why()}`);
      if (Date.now() > until) throw new Error(`tcmu-runner did not open ${backstore.uio} within 30 s: ${why()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const dev = await exportTcmuBackstore(backstore);
    runMeasured('sg_turs', [dev.path]);
    return {
      device: dev.path,
      async stop() {
        await unexportTcmu();
        await stop();
      },
    };
  } catch (e) {
    await unexportTcmu().catch(() => undefined);
    await stop().catch(() => undefined);
    throw e;
  }
}

/**
 * Measures each workload on the TypeScript disk, on scsi_debug
 * (`scsiDebugDevice`, at least `sizeMb` large) and on tcmu-runner where it
 * serves, `reps` times each, alternating the order.
 */
export async function measureTcmu(scsiDebugDevice: string, sizeMb: number, reps: number, quick: boolean, log: (line: string) => void = () => {}): Promise<TcmuReport> {
  const seconds = quick ? 1 : 3;
  const values: Record<TcmuRow['id'], Partial<Record<TcmuSide, number[]>>> = { 'random-4k-qd16': {}, 'seq-1m': {} };
  const add = (id: TcmuRow['id'], side: TcmuSide, v: number): void => void (values[id][side] ??= []).push(v);
  const measureOn = (side: TcmuSide, device: string): void => {
    for (const w of WORKLOADS) add(w.id, side, w.run(device, sizeMb, seconds));
  };

  const ts = await serveTypeScript(sizeMb);
  try {
    runMeasured('sg_turs', [ts.device]);
    for (let i = 0; i < reps; i++) {
      for (const side of i % 2 === 0 ? (['typescript', 'scsiDebug'] as const) : (['scsiDebug', 'typescript'] as const)) {
        measureOn(side, side === 'typescript' ? ts.device : scsiDebugDevice);
      }
      log(`  run ${i + 1}: ${WORKLOADS.map((w) => `${w.id} TypeScript ${values[w.id].typescript!.at(-1)!.toFixed(0)}, scsi_debug ${values[w.id].scsiDebug!.at(-1)!.toFixed(0)} ${w.unit}`).join('; ')}`);
    }
  } finally {
    await ts.stop();
  }

  let tcmuRunner: TcmuReport['tcmuRunner'];
  // a quick pass (the lab suite's) keeps the TypeScript side alive; the C reference is for real runs
  if (quick) tcmuRunner = { served: false, reason: 'not run in a quick pass (pnpm bench measures it)' };
  else if (!existsSync('/usr/bin/tcmu-runner')) tcmuRunner = { served: false, reason: 'tcmu-runner is not installed (Debian package tcmu-runner)' };
  else {
    try {
      const runner = await serveTcmuRunner(sizeMb);
      try {
        for (let i = 0; i < reps; i++) measureOn('tcmuRunner', runner.device);
        tcmuRunner = { served: true };
        log(`  tcmu-runner (qcow handler): ${WORKLOADS.map((w) => `${w.id} ${spread(values[w.id].tcmuRunner!).median.toFixed(0)} ${w.unit}`).join('; ')}`);
      } finally {
        await runner.stop();
      }
    } catch (e) {
      tcmuRunner = { served: false, reason: (e as Error).message };
      log(`  tcmu-runner: ${tcmuRunner.reason}`);
    }
  }

  const rows = WORKLOADS.map((w): TcmuRow => {
    const v = values[w.id];
    const spreads: Partial<Record<TcmuSide, Spread>> = {};
    for (const side of ['typescript', 'scsiDebug', 'tcmuRunner'] as const) if (v[side]) spreads[side] = spread(v[side]);
    const tsMedian = spreads.typescript!.median;
    return {
      id: w.id,
      title: w.title,
      unit: w.unit,
      values: spreads,
      ratioToScsiDebug: tsMedian / spreads.scsiDebug!.median,
      ratioToTcmuRunner: spreads.tcmuRunner ? tsMedian / spreads.tcmuRunner.median : undefined,
    };
  });
  return { sizeMb, rows, tcmuRunner };
}

const f0 = (n: number): string => n.toFixed(0);
const range = (s: Spread | undefined): string => (s ? `${f0(s.min)}/${f0(s.median)}/${f0(s.max)}` : 'n/a');

/** Renders the TCMU table. */
export function renderTcmu(report: TcmuReport): string {
  return [
    `TypeScript TCMU disk (sgio target, ${report.sizeMb} MiB in memory), min/median/max | scsi_debug | tcmu-runner (qcow) | ratio to scsi_debug | ratio to tcmu-runner`,
    '---|---|---|---|---',
    ...report.rows.map((r) => `${r.title}: ${range(r.values.typescript)} | ${range(r.values.scsiDebug)} | ${range(r.values.tcmuRunner)} | ${r.ratioToScsiDebug.toFixed(2)} | ${r.ratioToTcmuRunner?.toFixed(2) ?? 'n/a'}`),
    ...(report.tcmuRunner.served ? [] : [`tcmu-runner did not serve: ${report.tcmuRunner.reason ?? 'unknown'}`]),
  ].join('\n');
}
