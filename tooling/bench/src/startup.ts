/**
 * The start-up table: how long whole processes take to start and reach
 * their first SCSI command (or first answered HTTP request), against
 * `node -e 0` in the same boot, the floor of any Node.js program.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sgiodGet } from './sgiod-get.js';
import { spread, type Spread } from './stats.js';

/** One row of the start-up table. */
export interface StartupRow {
  /** Stable id (JSON key). */
  readonly id: string;
  /** What was run. */
  readonly title: string;
  /** Wall seconds of each run. */
  readonly seconds: Spread;
  /** Median over `node -e 0`'s median (1.0 = as fast as an empty Node.js process). */
  readonly vsNode: number;
  /** Median minus `node -e 0`'s median, in milliseconds. */
  readonly overNodeMs: number;
}

/** The start-up report. */
export interface StartupReport {
  /** `node -e 0`. */
  readonly node: Spread;
  /** The rows (node -e 0 first). */
  readonly rows: readonly StartupRow[];
  /** The goal: at most this many times `node -e 0` (the lab's one CPU). */
  readonly goalVsNode: number;
}

const cli = fileURLToPath(new URL('../../../apps/cli/dist/bin.cjs', import.meta.url));
const sgiod = fileURLToPath(new URL('../../../apps/server/dist/bin.cjs', import.meta.url));

/** The goal of issue 14 in the lab: the first command within 1.3 times `node -e 0`. */
export const STARTUP_GOAL_VS_NODE = 1.3;

const SENSE = '70 00 05 00 00 00 00 0a 00 00 00 00 24 00 00 00 00 00'.split(' ');
const TOKEN = 'bench-startup-token-0123456789';

/** Runs a process to its end; returns its wall seconds (throws when it fails). */
function timeProcess(args: readonly string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${String(r.status)}: ${r.stderr}`);
  return seconds;
}

/**
 * Starts sgiod, waits for its "listening" log line (no polling: the wait
 * costs the measured process nothing), sends one request and returns the
 * seconds from spawn to the end of the answer.
 */
export async function sgiodFirstAnswer(path: string, device: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [sgiod, '--host', '127.0.0.1', '--port', '0', '--allow', device, '--log-level', 'info'], {
    env: { ...process.env, SGIOD_TOKENS: `${TOKEN} read` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /listening at https?:\/\/[^"\s]*:(\d+)/i.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.once('exit', (code) => reject(new Error(`sgiod exited (${String(code)}) before listening: ${out}`)));
    });
    const { status } = await sgiodGet(port, path, TOKEN);
    const seconds = (performance.now() - started) / 1000;
    if (status !== 200) throw new Error(`sgiod answered ${path} with ${status}`);
    return seconds;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(undefined)));
  }
}

/** The measured commands, `node -e 0` first. */
function probes(device: string): { id: string; title: string; run: () => number | Promise<number> }[] {
  const name = device.replace(/^\/dev\//, '');
  return [
    { id: 'node', title: 'node -e 0', run: () => timeProcess(['-e', '0']) },
    { id: 'version', title: 'sgio --version', run: () => timeProcess([cli, '--version']) },
    { id: 'decode-sense', title: 'sgio decode-sense (no device)', run: () => timeProcess([cli, 'decode-sense', ...SENSE]) },
    { id: 'dd-zero', title: 'sgio dd if=/dev/zero of=/dev/null count=1 (no SCSI)', run: () => timeProcess([cli, 'dd', 'if=/dev/zero', 'of=/dev/null', 'count=1']) },
    { id: 'inq', title: `sgio inq ${device}`, run: () => timeProcess([cli, 'inq', device]) },
    { id: 'dd-one', title: `sgio dd if=${device} of=/dev/null bs=512 bpt=128 count=128 (one READ)`, run: () => timeProcess([cli, 'dd', `if=${device}`, 'of=/dev/null', 'bs=512', 'bpt=128', 'count=128']) },
    { id: 'sgiod-healthz', title: 'sgiod: spawn to first answered GET /healthz', run: () => sgiodFirstAnswer('/healthz', device) },
    { id: 'sgiod-device', title: `sgiod: spawn to first answered GET /v1/devices/${name} (INQUIRY, READ CAPACITY, VPD)`, run: () => sgiodFirstAnswer(`/v1/devices/${name}`, device) },
  ];
}

/** Measures every probe `reps` times, in turns (one of each, then again). */
export async function measureStartup(device: string, reps: number, log: (line: string) => void = () => {}): Promise<StartupReport> {
  const list = probes(device);
  const times = list.map(() => [] as number[]);
  // one unmeasured turn warms the page cache (not in a single-turn quick run, which must stay short)
  if (reps > 1) for (const p of list) await p.run();
  for (let i = 0; i < reps; i++) {
    for (const [k, p] of list.entries()) times[k]!.push(await p.run());
    log(`  start-up turn ${i + 1}: ${list.map((p, k) => `${p.id} ${(times[k]!.at(-1)! * 1000).toFixed(0)} ms`).join(', ')}`);
  }
  const node = spread(times[0]!);
  const rows = list.map((p, k) => {
    const s = spread(times[k]!);
    return { id: p.id, title: p.title, seconds: s, vsNode: s.median / node.median, overNodeMs: (s.median - node.median) * 1000 };
  });
  return { node, rows, goalVsNode: STARTUP_GOAL_VS_NODE };
}

const ms = (s: number): string => (s * 1000).toFixed(0);

/** Renders the start-up table. */
export function renderStartup(report: StartupReport): string {
  return [
    `start-up (wall ms, min/median/max) | vs node -e 0 | over node -e 0 (ms) | goal <= ${report.goalVsNode}x`,
    '---|---|---|---',
    ...report.rows.map(
      (r) =>
        `${r.title}: ${ms(r.seconds.min)}/${ms(r.seconds.median)}/${ms(r.seconds.max)} | ${r.vsNode.toFixed(2)}x | ${r.overNodeMs.toFixed(0)} | ${r.id === 'node' || r.id === 'version' || r.id === 'decode-sense' || r.id === 'dd-zero' ? 'report' : r.vsNode <= report.goalVsNode ? 'met' : 'MISSED'}`,
    ),
  ].join('\n');
}
