/**
 * How cost grows with the work (issue 14's scaling table), in two parts:
 *
 * - sgiod over 1, 4, 16 and 64 small scsi_debug disks (`num_tgts`, one
 *   shared 8 MiB store), 16 keep-alive clients reading 4 KiB blocks spread
 *   over every disk, after as long a warm-up under the same load: requests/s,
 *   MB/s, p99 latency and sgiod's resident memory (VmRSS, after the load)
 *   as the device count grows;
 * - `SgLanes` (sgio dd --mmap --qd N: N fds, one mmap-ed 64 KiB READ in
 *   flight on each) from 1 to 16 lanes, beside sgp_dd with as many threads,
 *   each run reading the whole bench disk (1 GiB): on 128 MiB the guest's
 *   one CPU spent a third of sgio's time compiling the copy loop (TurboFan),
 *   so the rows measured warm-up, not lanes (0.54-0.57 against mmap-qd4's
 *   1.02 on 1 GiB).
 *
 * It reloads scsi_debug, so it runs last and puts the bench's disk back.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { reloadScsiDebug, type ScsiDebugParams } from '@sgio/lab';
import { lastJson, runMeasured, sgDdSeconds } from './measure.js';
import { sgiodGet } from './sgiod-get.js';
import { spread, type Spread } from './stats.js';

const sgiod = fileURLToPath(new URL('../../../apps/server/dist/bin.cjs', import.meta.url));
const cli = fileURLToPath(new URL('../../../apps/cli/dist/bin.cjs', import.meta.url));
const TOKEN = 'bench-scaling-token-0123456789';
const CLIENTS = 16;
/** sgiod's port in the guest (the guest runs nothing else on it). */
const PORT = 7421;

/** One device count. */
export interface DeviceScalingRow {
  readonly devices: number;
  readonly requestsPerSecond: number;
  readonly megabytesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** sgiod's VmRSS after the load, MiB. */
  readonly rssMiB: number;
  /** Requests that did not answer 200. */
  readonly failed: number;
}

/** One lane count. */
export interface LaneScalingRow {
  readonly lanes: number;
  /** sgio dd --mmap --qd N, MB/s (median). */
  readonly sgio: Spread;
  /** sgp_dd thr=N iflag=mmap, MB/s (median). */
  readonly sgpDd: Spread;
  readonly ratio: number;
}

/** The scaling report. */
export interface ScalingReport {
  readonly clients: number;
  readonly secondsPerCount: number;
  readonly devices: readonly DeviceScalingRow[];
  readonly lanes: readonly LaneScalingRow[];
  /** Bytes each lane run reads. */
  readonly laneBytes: number;
}

function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** {@link CLIENTS} clients reading 4 KiB blocks round-robin over `names` for `seconds`. */
async function load(agent: Agent, port: number, names: readonly string[], seconds: number): Promise<{ latencies: number[]; bytes: number; failed: number; elapsed: number }> {
  const latencies: number[] = [];
  let bytes = 0;
  let failed = 0;
  let stop = false;
  let next = 0;
  const blocks = 8 * 2048;
  const client = async (): Promise<void> => {
    while (!stop) {
      const name = names[next++ % names.length]!;
      const lba = Math.floor(Math.random() * (blocks / 8)) * 8;
      const t = performance.now();
      const r = await sgiodGet(port, `/v1/devices/${name}/blocks?lba=${lba}&count=8`, TOKEN, agent);
      latencies.push(performance.now() - t);
      if (r.status === 200) bytes += r.bytes;
      else failed++;
    }
  };
  const timer = setTimeout(() => (stop = true), seconds * 1000);
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  clearTimeout(timer);
  return { latencies, bytes, failed, elapsed: (performance.now() - started) / 1000 };
}

/** sgiod over `count` disks under {@link CLIENTS} clients: `seconds` of warm-up, then `seconds` measured. */
async function sgiodUnderLoad(count: number, seconds: number): Promise<DeviceScalingRow> {
  const devices = await reloadScsiDebug({ dev_size_mb: 8, num_tgts: count, max_luns: 1, delay: 0 });
  const names = devices.map((d) => d.path.replace('/dev/', ''));
  // warn: per-request log lines written to a pipe would be measured too
  const child = spawn(process.execPath, [sgiod, '--host', '127.0.0.1', '--port', String(PORT), '--allow', '/dev/sg*', '--log-level', 'warn', '--max-connections', String(CLIENTS * 2)], {
    env: { ...process.env, SGIOD_TOKENS: `${TOKEN} read` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  try {
    const port = PORT;
    const probe = new Agent({ keepAlive: false });
    for (let tries = 0; ; tries++) {
      if (child.exitCode !== null) throw new Error(`sgiod exited (${String(child.exitCode)}) before answering: ${stderr}`);
      const ok = await sgiodGet(port, '/healthz', TOKEN, probe).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (tries > 300) throw new Error(`sgiod did not answer /healthz within 30 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    // one round over every device first: opens them (lanes, mappings) outside the measured time
    for (const n of names) await sgiodGet(port, `/v1/devices/${n}/blocks?lba=0&count=8`, TOKEN, agent);
    // a first period under the same load is not measured: read-only devices run SG_IO on worker threads, and
    // the pool grows to 16 threads under this load (each a Node isolate: seconds to start in the one-CPU guest)
    await load(agent, port, names, seconds);
    const { latencies, bytes, failed, elapsed } = await load(agent, port, names, seconds);
    const rss = rssMiB(child.pid!);
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
    return { devices: count, requestsPerSecond: latencies.length / elapsed, megabytesPerSecond: bytes / 1e6 / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), rssMiB: rss, failed };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(undefined)));
  }
}

function lanesRun(device: string, lanes: number, count: number): number {
  const r = runMeasured(process.execPath, [cli, 'dd', `if=${device}`, 'of=/dev/null', 'bs=512', 'bpt=128', `count=${count}`, '--mmap', '--qd', String(lanes), '--time', '--json']);
  const j = lastJson<{ seconds: number; bytes: number }>(r.stdout);
  return j.bytes / 1e6 / j.seconds;
}

function sgpDdRun(device: string, threads: number, count: number): number {
  const r = runMeasured('sgp_dd', [`if=${device}`, 'of=/dev/null', 'bs=512', 'bpt=128', `thr=${threads}`, 'iflag=mmap', `count=${count}`, 'time=1']);
  return (count * 512) / 1e6 / sgDdSeconds(r.stdout + r.stderr);
}

/**
 * Measures both parts. `deviceCounts` and `laneCounts` default to the
 * issue's; `seconds` is the load per device count; `reps` the runs per lane count.
 */
export async function measureScaling(
  device: string,
  options: { readonly deviceCounts: readonly number[]; readonly laneCounts: readonly number[]; readonly seconds: number; readonly reps: number; readonly laneBlocks: number },
  log: (line: string) => void = () => {},
): Promise<ScalingReport> {
  // the parameters the lab loaded scsi_debug with, to put the bench's disk back afterwards
  const original: ScsiDebugParams = Object.fromEntries((process.env.SGIO_LAB_SCSI_DEBUG ?? '').split(/\s+/).filter(Boolean).map((kv) => kv.split('=', 2) as [string, string]));
  const lanes: LaneScalingRow[] = [];
  for (const n of options.laneCounts) {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < options.reps; i++) {
      a.push(lanesRun(device, n, options.laneBlocks));
      b.push(sgpDdRun(device, n, options.laneBlocks));
    }
    const row = { lanes: n, sgio: spread(a), sgpDd: spread(b), ratio: spread(a).median / spread(b).median };
    lanes.push(row);
    log(`  lanes ${n}: sgio ${row.sgio.median.toFixed(0)} MB/s, sgp_dd ${row.sgpDd.median.toFixed(0)} MB/s`);
  }
  const devices: DeviceScalingRow[] = [];
  try {
    for (const count of options.deviceCounts) {
      const row = await sgiodUnderLoad(count, options.seconds);
      devices.push(row);
      log(`  sgiod over ${count} disks: ${row.requestsPerSecond.toFixed(0)} req/s, p99 ${row.p99Ms.toFixed(1)} ms, RSS ${row.rssMiB.toFixed(0)} MiB`);
    }
  } finally {
    await reloadScsiDebug(original);
  }
  return { clients: CLIENTS, secondsPerCount: options.seconds, devices, lanes, laneBytes: options.laneBlocks * 512 };
}

/** Renders both tables. */
export function renderScaling(r: ScalingReport): string {
  return [
    `sgiod scaling: ${r.clients} keep-alive clients reading 4 KiB blocks over every disk, ${r.secondsPerCount} s per count`,
    'disks | requests/s | MB/s | p50 ms | p99 ms | sgiod RSS MiB | failed',
    '---|---|---|---|---|---|---',
    ...r.devices.map((d) => `${d.devices} | ${d.requestsPerSecond.toFixed(0)} | ${d.megabytesPerSecond.toFixed(1)} | ${d.p50Ms.toFixed(1)} | ${d.p99Ms.toFixed(1)} | ${d.rssMiB.toFixed(0)} | ${d.failed}`),
    '',
    `SgLanes scaling: sgio dd --mmap --qd N (N fds, 64 KiB mmap-ed READs) against sgp_dd thr=N iflag=mmap, ${r.laneBytes / 1048576} MiB a run (MB/s, median)`,
    'lanes | sgio | sgp_dd | ratio',
    '---|---|---|---',
    ...r.lanes.map((l) => `${l.lanes} | ${l.sgio.median.toFixed(0)} | ${l.sgpDd.median.toFixed(0)} | ${l.ratio.toFixed(2)}`),
  ].join('\n');
}
