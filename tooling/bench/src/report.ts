/**
 * The benchmark report: a text table with min/median/max of each side and
 * the ratio, and the same as JSON.
 */
import type { BenchCase, SideResult } from './cases.js';
import { spread, type Spread } from './stats.js';

/** The measured rows of one case. */
export interface CaseReport {
  /** Case id. */
  readonly id: string;
  /** Title. */
  readonly title: string;
  /** Unit. */
  readonly unit: string;
  /** sgio side name. */
  readonly sgioName: string;
  /** Reference side name. */
  readonly referenceName: string;
  /** sgio values. */
  readonly sgio: Spread;
  /** Reference values. */
  readonly reference: Spread;
  /** Median ratio sgio / reference. */
  readonly ratio: number;
  /** Target ratio. */
  readonly target: number;
  /** Whether the median ratio meets the target. */
  readonly met: boolean;
  /** CPU seconds per GiB moved, medians. */
  readonly cpuPerGiB: { readonly sgio: number; readonly reference: number };
  /** Every run, for the JSON file. */
  readonly runs: { readonly sgio: readonly SideResult[]; readonly reference: readonly SideResult[] };
}

const GIB = 1024 ** 3;

/** Summarises the runs of one case. */
export function summarize(c: BenchCase, sgio: readonly SideResult[], reference: readonly SideResult[]): CaseReport {
  const s = spread(sgio.map((r) => r.value));
  const r = spread(reference.map((x) => x.value));
  const ratio = s.median / r.median;
  const perGiB = (runs: readonly SideResult[]): number => spread(runs.map((x) => (x.bytes > 0 ? x.cpuSeconds / (x.bytes / GIB) : NaN))).median;
  return {
    id: c.id,
    title: c.title,
    unit: c.unit,
    sgioName: c.sgioName,
    referenceName: c.referenceName,
    sgio: s,
    reference: r,
    ratio,
    target: c.target,
    met: ratio >= c.target,
    cpuPerGiB: { sgio: perGiB(sgio), reference: perGiB(reference) },
    runs: { sgio, reference },
  };
}

const fmt = (n: number): string => (Number.isNaN(n) ? '-' : n >= 100 ? n.toFixed(0) : n.toFixed(2));
const triple = (s: Spread): string => `${fmt(s.min)}/${fmt(s.median)}/${fmt(s.max)}`;

/** Renders the table (min/median/max per side, ratio of medians, target verdict). */
export function renderTable(rows: readonly CaseReport[]): string {
  const lines = [
    'case | sgio (min/median/max) | reference (min/median/max) | ratio | target',
    '---|---|---|---|---',
    ...rows.map(
      (r) =>
        `${r.title} | ${r.sgioName}: ${triple(r.sgio)} | ${r.referenceName}: ${triple(r.reference)} | ${r.ratio.toFixed(2)} | ${r.target === 0 ? 'report' : `${r.met ? 'met' : 'MISSED'} (>= ${r.target.toFixed(2)})`}`,
    ),
  ];
  const seq = rows.find((r) => r.id === 'seq-64k');
  const mmap = rows.find((r) => r.id === 'seq-64k-mmap');
  if (seq && mmap) {
    lines.push(
      '',
      `CPU seconds per GiB read (user+sys, medians): sgio indirect ${fmt(seq.cpuPerGiB.sgio)}, sgio mmap ${fmt(mmap.cpuPerGiB.sgio)}; sg_dd ${fmt(seq.cpuPerGiB.reference)}, sgm_dd ${fmt(mmap.cpuPerGiB.reference)}`,
    );
  }
  const missed = rows.filter((r) => !r.met);
  lines.push('', missed.length ? `Targets missed: ${missed.map((r) => r.id).join(', ')}` : 'All targets met.');
  return lines.join('\n');
}
