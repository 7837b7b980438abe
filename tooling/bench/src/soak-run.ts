/**
 * The soak run inside the lab guest: every execution path of the library in
 * its own process (`node --expose-gc`, `MALLOC_CHECK_=3` so glibc aborts on
 * the first heap inconsistency), several processes in a row per path.
 * Prints a table (commands, runs, aborts, signals, RSS and fds before and
 * after) and writes JSON; exits 1 if any process died, mismatched or erred,
 * or leaked descriptors.
 *
 * Usage: soak-run.js [--commands N] [--runs N] [--gc-every N] [--paths a,b] [--device /dev/sgN] [--out FILE]
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { SoakPathReport } from './workers/soak-path.js';

/** Every path the soak covers. */
export const SOAK_PATHS = ['sync', 'prepared', 'qd1', 'qd16', 'mmap', 'direct', 'lanes', 'bsg', 'readonly', 'raw-header'] as const;

/** One process of the soak. */
export interface SoakProcess {
  readonly path: string;
  readonly run: number;
  readonly status: number | null;
  readonly signal: string | null;
  readonly report?: SoakPathReport;
  readonly stderr: string;
}

/** Options of {@link runSoak}. */
export interface SoakOptions {
  readonly commands: number;
  readonly runs: number;
  readonly gcEvery: number;
  readonly paths: readonly string[];
  readonly device: string;
  readonly log: (line: string) => void;
  /** The worker script (default: workers/soak-path.js beside this file, in dist/). */
  readonly worker?: string;
}

/** Runs the soak; returns every process's outcome. */
export function runSoak(o: SoakOptions): SoakProcess[] {
  const worker = o.worker ?? fileURLToPath(new URL('./workers/soak-path.js', import.meta.url));
  const out: SoakProcess[] = [];
  for (const path of o.paths) {
    for (let run = 1; run <= o.runs; run++) {
      const r = spawnSync(process.execPath, ['--expose-gc', worker, path, o.device, String(o.commands), String(o.gcEvery)], {
        env: { ...process.env, MALLOC_CHECK_: '3' },
        encoding: 'utf8',
        maxBuffer: 16 << 20,
      });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      let report: SoakPathReport | undefined;
      try {
        report = JSON.parse(line) as SoakPathReport;
      } catch {
        report = undefined;
      }
      const p: SoakProcess = { path, run, status: r.status, signal: r.signal, stderr: r.stderr.slice(-2000), ...(report ? { report } : {}) };
      out.push(p);
      o.log(
        report
          ? `${path} run ${run}: exit ${r.status ?? r.signal}, ${report.commands} commands in ${report.seconds} s, RSS ${report.rssStartMiB} -> ${report.rssEndMiB} MiB, fds ${report.fdsStart} -> ${report.fdsEnd}, mismatches ${report.mismatches}, errors ${report.errors}${report.firstError ? ` (${report.firstError})` : ''}`
          : `${path} run ${run}: exit ${r.status ?? r.signal}, no report; stderr: ${r.stderr.slice(-400)}`,
      );
    }
  }
  return out;
}

/** True when a process ran clean: exit 0, no signal, a report without mismatches or errors, no descriptor leaked. */
export function clean(p: SoakProcess): boolean {
  return p.status === 0 && p.signal === null && p.report !== undefined && p.report.mismatches === 0 && p.report.errors === 0 && p.report.fdsEnd <= p.report.fdsStart;
}

/** A markdown table: one row per path. */
export function soakTable(processes: readonly SoakProcess[]): string {
  const rows = ['path | commands/run | runs | clean | aborts | other signals | RSS start..end MiB (max growth) | fds start..end', '--- | ---: | ---: | ---: | ---: | ---: | --- | ---'];
  const paths = [...new Set(processes.map((p) => p.path))];
  for (const path of paths) {
    const ps = processes.filter((p) => p.path === path);
    const reports = ps.flatMap((p) => (p.report ? [p.report] : []));
    const growth = Math.max(0, ...reports.map((r) => r.rssEndMiB - r.rssStartMiB));
    const rss = reports.map((r) => `${r.rssStartMiB}..${r.rssEndMiB}`).join(', ');
    const fds = reports.map((r) => `${r.fdsStart}..${r.fdsEnd}`).join(', ');
    rows.push(
      `${path} | ${reports[0]?.commands ?? '?'} | ${ps.length} | ${ps.filter(clean).length} | ${ps.filter((p) => p.signal === 'SIGABRT').length} | ${ps.filter((p) => p.signal !== null && p.signal !== 'SIGABRT').length} | ${rss} (${growth.toFixed(1)}) | ${fds}`,
    );
  }
  return rows.join('\n');
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { values } = parseArgs({
    options: {
      commands: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      'gc-every': { type: 'string', default: '10000' },
      paths: { type: 'string', default: SOAK_PATHS.join(',') },
      device: { type: 'string', default: '/dev/sg0' },
      out: { type: 'string' },
    },
  });
  const processes = runSoak({
    commands: Number(values.commands),
    runs: Number(values.runs),
    gcEvery: Number(values['gc-every']),
    paths: values.paths.split(','),
    device: values.device,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`\n${soakTable(processes)}\n`);
  if (values.out) writeFileSync(values.out, `${JSON.stringify({ processes }, null, 2)}\n`);
  process.exitCode = processes.every(clean) ? 0 : 1;
}
