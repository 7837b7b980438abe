/**
 * The benchmark run inside the lab guest: every case, several times,
 * alternating sgio and the reference; prints the table and writes JSON.
 *
 * Usage: run.js [--quick] [--out FILE] [--reps N] [--only id,id] [--device /dev/sgN]
 * (`--only` takes case ids and the section ids `whole-process`, `startup`, `tcmu`, `nbd` and `scaling`.)
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bsgPathFor, probeUringPassthrough } from '@sgio/core';
import { requireLab, scsiDebugParams } from '@sgio/lab';
import { cases, type BenchCase, type BenchSizes, type SideResult } from './cases.js';
import { renderTable, summarize, type CaseReport } from './report.js';
import { measureStartup, renderStartup, type StartupReport } from './startup.js';
import { measureIoUring, renderIoUring } from './io-uring-section.js';
import { measureScaling, renderScaling, type ScalingReport } from './scaling.js';
import { measureTcmu, renderTcmu, type TcmuReport } from './tcmu-section.js';
import { measureNbd, renderNbd, type NbdReport } from './nbd-section.js';
import { measureWholeProcess, renderWholeProcess, wholeProcessSizes, type WholeProcessReport } from './whole-process.js';

/** Options of one benchmark run. */
export interface RunBenchOptions {
  /** Every case once, briefly (the lab test uses this). */
  readonly quick: boolean;
  /** Repetitions per side (default 3; 1 with quick). */
  readonly reps: number;
  /** Case ids to run (default all). */
  readonly only?: readonly string[];
  /** The sg device (default /dev/sg0). */
  readonly device?: string;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** Sizes for this device and mode. */
export function sizesFor(quick: boolean, blocks: number, device = '/dev/sg0'): BenchSizes {
  return quick
    ? { device, blocks, singleOps: 1000, randomSeconds: 1, seqBlocks: Math.min(blocks, 8192) }
    : { device, blocks, singleOps: 100_000, randomSeconds: 3, seqBlocks: blocks };
}

function measure(side: (s: BenchSizes) => SideResult, sizes: BenchSizes, passes: number): SideResult {
  let seconds = 0;
  let bytes = 0;
  let cpuSeconds = 0;
  let weighted = 0;
  for (let i = 0; i < passes; i++) {
    const r = side(sizes);
    seconds += r.seconds;
    bytes += r.bytes;
    cpuSeconds += r.cpuSeconds;
    weighted += r.value * r.seconds;
  }
  return { value: weighted / seconds, seconds, bytes, cpuSeconds };
}

/** Runs the cases and returns their reports. */
export function runBench(options: RunBenchOptions): CaseReport[] {
  const blocks = Number(scsiDebugParams().dev_size_mb ?? 64) * 2048;
  const sizes = sizesFor(options.quick, blocks, options.device);
  const selected = cases.filter((c) => !options.only || options.only.includes(c.id));
  const uring = selected.some((c) => c.requires === 'io_uring') && probeUringPassthrough(bsgPathFor(sizes.device)).supported;
  const reports: CaseReport[] = [];
  for (const c of selected) {
    if (c.requires === 'io_uring' && !uring) {
      options.log(`# ${c.title}: left out, this kernel's bsg takes no commands over io_uring (see the io_uring line; pnpm bench -- --kernel unstable)`);
      continue;
    }
    options.log(`# ${c.title}`);
    reports.push(runCase(c, sizes, options));
  }
  return reports;
}

function runCase(c: BenchCase, sizes: BenchSizes, options: RunBenchOptions): CaseReport {
  // one unmeasured run of each side warms caches and sizes the passes (>= 2 s a run)
  let passes = { sgio: 1, reference: 1 };
  if (!options.quick) {
    const ws = c.sgio(sizes);
    const wr = c.reference(sizes);
    passes = { sgio: Math.max(1, Math.ceil(2 / ws.seconds)), reference: Math.max(1, Math.ceil(2 / wr.seconds)) };
  }
  const sgio: SideResult[] = [];
  const reference: SideResult[] = [];
  for (let i = 0; i < options.reps; i++) {
    // alternate which side goes first
    if (i % 2 === 0) {
      sgio.push(measure(c.sgio, sizes, passes.sgio));
      reference.push(measure(c.reference, sizes, passes.reference));
    } else {
      reference.push(measure(c.reference, sizes, passes.reference));
      sgio.push(measure(c.sgio, sizes, passes.sgio));
    }
    options.log(`  run ${i + 1}: sgio ${sgio.at(-1)!.value.toFixed(1)} ${c.unit}, reference ${reference.at(-1)!.value.toFixed(1)} ${c.unit}`);
  }
  return summarize(c, sgio, reference);
}

/** Whether `--only` (if given) asks for `id`. */
function wanted(only: readonly string[] | undefined, id: string): boolean {
  return !only || only.includes(id);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      reps: { type: 'string' },
      only: { type: 'string' },
      device: { type: 'string' },
    },
    strict: true,
  });
  requireLab('The benchmark');
  const quick = values.quick ?? false;
  const only = values.only?.split(',');
  const reps = Number(values.reps ?? (quick ? 1 : 3));
  const device = values.device ?? '/dev/sg0';
  const log = (l: string): void => void process.stderr.write(`${l}\n`);
  const diskBytes = Number(scsiDebugParams().dev_size_mb ?? 64) * 1024 * 1024;
  const reports = runBench({ quick, reps, ...(only ? { only } : {}), device, log });
  let wholeProcess: WholeProcessReport | undefined;
  if (wanted(only, 'whole-process')) {
    log('# whole processes: sgio dd against sg_dd, sgm_dd and sgp_dd, start-up included');
    wholeProcess = measureWholeProcess(device, wholeProcessSizes(diskBytes, quick), reps, log);
  }
  let startup: StartupReport | undefined;
  if (wanted(only, 'startup')) {
    log('# start-up: node -e 0, sgio subcommands, sgiod to its first answer');
    startup = await measureStartup(device, quick ? 1 : Math.max(5, reps), log);
  }
  let tcmu: TcmuReport | undefined;
  if (wanted(only, 'tcmu')) {
    log('# the TypeScript TCMU disk (sgio target) against scsi_debug and tcmu-runner');
    tcmu = await measureTcmu(device, quick ? 8 : 64, reps, quick, log);
  }
  let nbd: NbdReport | undefined;
  if (wanted(only, 'nbd')) {
    log('# the NBD export (sgio nbd): nbdcopy against sg_dd, the kernel nbd client against fio on the sg device');
    nbd = await measureNbd(device, quick ? 8 : 64, reps, quick, log);
  }
  let scaling: ScalingReport | undefined;
  if (wanted(only, 'scaling')) {
    log('# scaling: sgiod over 1..64 disks, SgLanes over 1..16 lanes');
    const blocks = diskBytes / 512;
    scaling = await measureScaling(
      device,
      quick
        ? { deviceCounts: [1, 4], laneCounts: [1, 4], seconds: 1, reps: 1, laneBlocks: Math.min(blocks, 16384) }
        : { deviceCounts: [1, 4, 16, 64], laneCounts: [1, 2, 4, 8, 16], seconds: 5, reps, laneBlocks: blocks },
      log,
    );
  }
  log('# io_uring: can this kernel pass SCSI commands through io_uring?');
  const ioUring = measureIoUring(device);
  const table = [
    renderTable(reports),
    ...(wholeProcess ? [renderWholeProcess(wholeProcess)] : []),
    ...(startup ? [renderStartup(startup)] : []),
    ...(tcmu ? [renderTcmu(tcmu)] : []),
    ...(nbd ? [renderNbd(nbd)] : []),
    ...(scaling ? [renderScaling(scaling)] : []),
    renderIoUring(ioUring),
  ].join('\n\n');
  process.stdout.write(`\n${table}\n`);
  if (values.out) {
    writeFileSync(values.out, `${JSON.stringify({ quick, date: new Date().toISOString(), scsiDebug: scsiDebugParams(), cases: reports, wholeProcess, startup, tcmu, nbd, scaling, ioUring }, null, 2)}\n`);
    process.stdout.write(`\nwrote ${values.out}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
