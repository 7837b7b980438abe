/**
 * Whole-process ratios: `sgio dd` against sg_dd, sgm_dd and sgp_dd timed as
 * the processes a user runs (`time sgio dd ...`), start-up included, at
 * several transfer sizes; plus the same with `node -e 0` (measured in the
 * same boot) taken off sgio's time, since no Node.js program starts faster.
 */
import { fileURLToPath } from 'node:url';
import { runMeasured, type RunOutput } from './measure.js';
import { spread, type Spread } from './stats.js';

/** One process run. */
export interface ProcessRun {
  /** Wall seconds. */
  readonly wall: number;
  /** User + system CPU seconds. */
  readonly cpu: number;
}

/** One row: one tool pair at one size. */
export interface WholeProcessRow {
  /** Stable id, e.g. `sg_dd-64MiB`. */
  readonly id: string;
  /** The reference tool. */
  readonly reference: string;
  /** sgio's command. */
  readonly sgioName: string;
  /** Bytes read by each run. */
  readonly bytes: number;
  /** sgio's wall seconds. */
  readonly sgio: Spread;
  /** The reference's wall seconds. */
  readonly referenceSeconds: Spread;
  /** Reference median / sgio median (higher is better for sgio; 1.0 = as fast). */
  readonly ratio: number;
  /** Reference median / (sgio median - node -e 0 median). */
  readonly ratioWithoutNode: number;
  /** CPU seconds per GiB (medians). */
  readonly cpuPerGiB: { readonly sgio: number; readonly reference: number };
  /** Every run. */
  readonly runs: { readonly sgio: readonly ProcessRun[]; readonly reference: readonly ProcessRun[] };
}

/** The whole-process report. */
export interface WholeProcessReport {
  /** `node -e 0` wall seconds in this boot. */
  readonly node: Spread;
  /** Rows by tool, then size. */
  readonly rows: readonly WholeProcessRow[];
  /** The goal for `ratioWithoutNode`. */
  readonly goal: number;
}

/** The goal of issue 14: with node's own start taken off, sgio at >= 0.9 of the C tool. */
export const WHOLE_PROCESS_GOAL = 0.9;

const cli = fileURLToPath(new URL('../../../apps/cli/dist/bin.cjs', import.meta.url));
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** A C tool and the `sgio dd` flags that do the same. */
interface ToolPair {
  readonly reference: string;
  readonly referenceArgs: readonly string[];
  readonly sgioArgs: readonly string[];
}

const PAIRS: readonly ToolPair[] = [
  { reference: 'sg_dd', referenceArgs: [], sgioArgs: [] },
  { reference: 'sgm_dd', referenceArgs: [], sgioArgs: ['--mmap'] },
  { reference: 'sgp_dd', referenceArgs: ['thr=4'], sgioArgs: ['--qd', '4'] },
];

const run = (r: RunOutput): ProcessRun => ({ wall: r.wallSeconds, cpu: r.userSeconds + r.sysSeconds });

/** The transfer sizes (bytes) for a disk of `diskBytes`: 64 MiB, 512 MiB and 1 GiB where they fit; quick: 8 MiB. */
export function wholeProcessSizes(diskBytes: number, quick: boolean): number[] {
  const wanted = quick ? [8 * MIB] : [64 * MIB, 512 * MIB, GIB];
  return wanted.filter((b) => b <= diskBytes);
}

const label = (bytes: number): string => (bytes >= GIB ? `${bytes / GIB}GiB` : `${bytes / MIB}MiB`);

/** Measures each pair at each size `reps` times (alternating which side goes first), and `node -e 0` around them. */
export function measureWholeProcess(device: string, sizes: readonly number[], reps: number, log: (line: string) => void = () => {}): WholeProcessReport {
  const nodeRuns: number[] = [];
  const node = (): void => {
    nodeRuns.push(runMeasured(process.execPath, ['-e', '0']).wallSeconds);
  };
  node();
  const rows: WholeProcessRow[] = [];
  for (const pair of PAIRS) {
    for (const bytes of sizes) {
      const operands = [`if=${device}`, 'of=/dev/null', 'bs=512', 'bpt=128', `count=${bytes / 512}`];
      const sgioSide = (): ProcessRun => run(runMeasured(process.execPath, [cli, 'dd', ...operands, ...pair.sgioArgs]));
      const refSide = (): ProcessRun => run(runMeasured(pair.reference, [...operands, ...pair.referenceArgs]));
      const sgio: ProcessRun[] = [];
      const reference: ProcessRun[] = [];
      for (let i = 0; i < reps; i++) {
        if (i % 2 === 0) {
          sgio.push(sgioSide());
          reference.push(refSide());
        } else {
          reference.push(refSide());
          sgio.push(sgioSide());
        }
        node();
      }
      const s = spread(sgio.map((r) => r.wall));
      const r = spread(reference.map((x) => x.wall));
      const n = spread(nodeRuns).median;
      const perGiB = (runs: readonly ProcessRun[]): number => spread(runs.map((x) => x.cpu / (bytes / GIB))).median;
      const row: WholeProcessRow = {
        id: `${pair.reference}-${label(bytes)}`,
        reference: [pair.reference, ...pair.referenceArgs].join(' '),
        sgioName: ['sgio dd', ...pair.sgioArgs].join(' '),
        bytes,
        sgio: s,
        referenceSeconds: r,
        ratio: r.median / s.median,
        ratioWithoutNode: r.median / Math.max(1e-6, s.median - n),
        cpuPerGiB: { sgio: perGiB(sgio), reference: perGiB(reference) },
        runs: { sgio, reference },
      };
      log(`  ${row.id}: sgio ${s.median.toFixed(2)} s, ${pair.reference} ${r.median.toFixed(2)} s, ratio ${row.ratio.toFixed(2)}, without node ${row.ratioWithoutNode.toFixed(2)}`);
      rows.push(row);
    }
  }
  return { node: spread(nodeRuns), rows, goal: WHOLE_PROCESS_GOAL };
}

const f2 = (n: number): string => n.toFixed(2);

/** Renders the whole-process table. */
export function renderWholeProcess(report: WholeProcessReport): string {
  return [
    `whole process, 64 KiB reads (wall s, min/median/max) | reference | ratio | ratio without node -e 0 (${f2(report.node.median)} s) | CPU s/GiB sgio, reference | goal >= ${report.goal} without node`,
    '---|---|---|---|---|---',
    ...report.rows.map(
      (r) =>
        `${r.sgioName}, ${label(r.bytes)}: ${f2(r.sgio.min)}/${f2(r.sgio.median)}/${f2(r.sgio.max)} | ${r.reference}: ${f2(r.referenceSeconds.min)}/${f2(r.referenceSeconds.median)}/${f2(r.referenceSeconds.max)} | ${f2(r.ratio)} | ${f2(r.ratioWithoutNode)} | ${f2(r.cpuPerGiB.sgio)}, ${f2(r.cpuPerGiB.reference)} | ${r.ratioWithoutNode >= report.goal ? 'met' : 'MISSED'}`,
    ),
  ].join('\n');
}
