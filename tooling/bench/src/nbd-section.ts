/**
 * The NBD export as its users run it, on the bench's scsi_debug disk, with
 * nbdkit (the C reference server, its file plugin on the same disk's block
 * device) as the peer:
 *
 * - `nbdcopy` of the whole export to `null:` (`sgio nbd` serving the sg
 *   device on a Unix socket, nbdkit serving /dev/sdX on another, both
 *   started beforehand) against `sg_dd` of the same bytes straight from the
 *   sg device to /dev/null; whole processes, wall time. Ratios: export /
 *   sg_dd (the issue's goal: ≥ 0.8) and export / nbdkit. The server's
 *   start-up, from spawn to listening, is reported beside.
 * - 4 KiB random reads at queue depth 16 through the kernel's nbd client
 *   (fio ioengine=libaio, direct, on /dev/nbd0 connected to `sgio nbd` and
 *   /dev/nbd1 connected to nbdkit) against fio on the sg device itself
 *   (ioengine=sg).
 *
 * Every NBD request crosses two processes (client and server): in the
 * lab's User-Mode Linux each switch between them is a host-level switch,
 * which bounds any NBD server far below sg_dd's one ioctl a command there
 * (nbdkit's memory plugin, no device at all, measured 0.23 of sg_dd).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastJson, runMeasured } from './measure.js';
import { spread, type Spread } from './stats.js';

const cli = fileURLToPath(new URL('../../../apps/cli/dist/bin.cjs', import.meta.url));
const MIB = 1024 * 1024;
/** Bytes per request on both sides of the copy: nbdcopy's default request size, sg_dd's bpt in 512-byte blocks. */
const COPY_REQUEST = 256 * 1024;

/** Where a row was measured. */
export type NbdSide = 'export' | 'nbdkit' | 'device';

/** One row: one workload through the export, through nbdkit, and straight from the device. */
export interface NbdRow {
  /** Stable id. */
  readonly id: 'nbdcopy-whole' | 'kernel-random-4k-qd16';
  /** What was run. */
  readonly title: string;
  /** Unit of the values. */
  readonly unit: 'MB/s' | 'IOPS';
  /** Values per side, one per repetition (nbdkit's absent when it could not serve). */
  readonly values: Readonly<Partial<Record<NbdSide, Spread>>>;
  /** Export median / device median. */
  readonly ratioToDevice: number;
  /** Export median / nbdkit median, when nbdkit served. */
  readonly ratioToNbdkit: number | undefined;
}

/** The NBD section of the report. */
export interface NbdReport {
  /** Bytes copied by the whole-export row (the device's size: nbdcopy copies a whole export). */
  readonly bytes: number;
  /** Seconds from spawning `sgio nbd` to its listening line. */
  readonly serverStartSeconds: number;
  /** Whether nbdkit served (its file plugin on the device's block device), and if not, why. */
  readonly nbdkit: { readonly served: boolean; readonly reason?: string };
  /** The rows. */
  readonly rows: readonly NbdRow[];
}

function ended(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** A server process until stopped. */
interface Served {
  /** Seconds from spawn to listening. */
  readonly seconds: number;
  stop(): Promise<void>;
}

/** Spawns a server and resolves once `ready()` says it listens. */
async function startServer(name: string, command: string, args: readonly string[], ready: (stderr: string) => boolean): Promise<Served> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const until = Date.now() + 60_000;
  while (!ready(stderr)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before serving: ${stderr.trim()}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen within 60 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await ended(child);
      if (child.exitCode !== 0 && child.signalCode !== 'SIGTERM') throw new Error(`${name} stopped with ${child.exitCode ?? child.signalCode}: ${stderr.trim()}`);
    },
  };
}

/** The block device (sd_mod's /dev/sdX) of an sg node, if the lab loaded sd_mod. */
function blockDeviceOf(sg: string): string | undefined {
  try {
    const name = readdirSync(`/sys/class/scsi_generic/${basename(sg)}/device/block`)[0];
    return name === undefined ? undefined : `/dev/${name}`;
  } catch {
    return undefined;
  }
}

/** Loads the nbd module from the lab's module tree when the kernel does not have it yet. */
function loadNbdModule(): void {
  if (existsSync('/sys/module/nbd')) return;
  const modules = process.env.SGIO_LAB_MODULES;
  if (!modules) throw new Error('the nbd module is not loaded and SGIO_LAB_MODULES is not set (run the bench in the lab)');
  const ko = runMeasured('find', [join(modules, 'kernel/drivers/block'), '-name', 'nbd.ko*', '-print', '-quit']).stdout.trim();
  if (ko === '') throw new Error(`no nbd.ko under ${modules}`);
  runMeasured('insmod', [ko, 'nbds_max=2']);
}

function fioIops(args: readonly string[]): number {
  const r = runMeasured('fio', ['--name=nbd', ...args, '--output-format=json']);
  return lastJson<{ jobs: { read: { iops: number } }[] }>(r.stdout).jobs[0]!.read.iops;
}

/**
 * Measures both rows `reps` times each on every side, rotating which side
 * goes first. `sizeMb`: the span of the random reads (the copies take
 * the whole device).
 */
export async function measureNbd(device: string, sizeMb: number, reps: number, quick: boolean, log: (line: string) => void = () => {}): Promise<NbdReport> {
  const seconds = quick ? 1 : 3;
  // nbdcopy copies a whole export (it has no length option): the device's size, which sg_dd then reads too
  let bytes = 0;
  const dir = mkdtempSync(join(tmpdir(), 'sgio-bench-nbd-'));
  const copy: Partial<Record<NbdSide, number[]>> = {};
  const random: Partial<Record<NbdSide, number[]>> = {};
  const ours = join(dir, 'sgio.sock');
  const theirs = join(dir, 'nbdkit.sock');
  const nbdDevice: Partial<Record<NbdSide, string>> = { export: '/dev/nbd0', nbdkit: '/dev/nbd1' };
  const sockets: Partial<Record<NbdSide, string>> = { export: ours, nbdkit: theirs };
  const connected: string[] = [];
  const servers: Served[] = [];
  let nbdkit: NbdReport['nbdkit'];
  let serverStartSeconds = 0;
  try {
    const server = await startServer('sgio nbd', process.execPath, [cli, 'nbd', device, '--socket', ours], (e) => e.includes(' serving '));
    servers.push(server);
    serverStartSeconds = server.seconds;
    bytes = Number(runMeasured('nbdinfo', ['--size', `nbd+unix:///?socket=${ours}`]).stdout.trim());
    const block = blockDeviceOf(device);
    // a quick pass (the lab suite's) keeps sgio's side alive; the C reference is for real runs
    if (quick) nbdkit = { served: false, reason: 'not run in a quick pass (pnpm bench measures it)' };
    else if (block === undefined) nbdkit = { served: false, reason: `${device} has no block device (boot the lab with --block to load sd_mod)` };
    else {
      try {
        servers.push(await startServer('nbdkit', 'nbdkit', ['-f', '-U', theirs, 'file', block], () => existsSync(theirs)));
        nbdkit = { served: true };
      } catch (e) {
        nbdkit = { served: false, reason: (e as Error).message };
      }
    }
    const sides: NbdSide[] = nbdkit.served ? ['export', 'nbdkit', 'device'] : ['export', 'device'];
    loadNbdModule();
    for (const side of sides) {
      if (side === 'device') continue;
      runMeasured('nbd-client', ['-unix', sockets[side]!, nbdDevice[side]!, '-N', '', '-t', '60']);
      connected.push(nbdDevice[side]!);
    }
    const common = ['--iodepth=16', '--rw=randread', '--bs=4k', `--size=${sizeMb}M`, `--runtime=${seconds}`, '--time_based'];
    for (let i = 0; i < reps; i++) {
      for (let k = 0; k < sides.length; k++) {
        const side = sides[(i + k) % sides.length]!;
        const wall =
          side === 'device'
            ? runMeasured('sg_dd', [`if=${device}`, 'of=/dev/null', 'bs=512', `bpt=${COPY_REQUEST / 512}`, `count=${bytes / 512}`]).wallSeconds
            : runMeasured('nbdcopy', [`--request-size=${COPY_REQUEST}`, `nbd+unix:///?socket=${sockets[side]!}`, 'null:']).wallSeconds;
        (copy[side] ??= []).push(bytes / 1e6 / wall);
        const iops = side === 'device' ? fioIops([`--filename=${device}`, '--ioengine=sg', ...common]) : fioIops([`--filename=${nbdDevice[side]!}`, '--ioengine=libaio', '--direct=1', ...common]);
        (random[side] ??= []).push(iops);
      }
      log(`  run ${i + 1}: ${sides.map((side) => `${side} ${copy[side]!.at(-1)!.toFixed(0)} MB/s, ${random[side]!.at(-1)!.toFixed(0)} IOPS`).join('; ')}`);
    }
  } finally {
    for (const nbd of connected) runMeasured('nbd-client', ['-d', nbd]);
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const row = (id: NbdRow['id'], title: string, unit: NbdRow['unit'], v: Partial<Record<NbdSide, number[]>>): NbdRow => {
    const values: Partial<Record<NbdSide, Spread>> = {};
    for (const side of ['export', 'nbdkit', 'device'] as const) if (v[side]) values[side] = spread(v[side]);
    return { id, title, unit, values, ratioToDevice: values.export!.median / values.device!.median, ratioToNbdkit: values.nbdkit ? values.export!.median / values.nbdkit.median : undefined };
  };
  return {
    bytes,
    serverStartSeconds,
    nbdkit,
    rows: [
      row('nbdcopy-whole', `nbdcopy of the whole ${bytes / MIB} MiB export to null: | sg_dd bpt=${COPY_REQUEST / 512} of the sg device (whole processes, MB/s)`, 'MB/s', copy),
      row('kernel-random-4k-qd16', '4 KiB random reads, QD16: fio libaio on /dev/nbdN | fio ioengine=sg on the sg device (IOPS)', 'IOPS', random),
    ],
  };
}

const f0 = (n: number): string => n.toFixed(0);
const range = (s: Spread | undefined): string => (s ? `${f0(s.min)}/${f0(s.median)}/${f0(s.max)}` : 'n/a');

/** Renders the NBD table. */
export function renderNbd(report: NbdReport): string {
  return [
    `NBD export (sgio nbd, started in ${report.serverStartSeconds.toFixed(2)} s), min/median/max | sgio nbd | nbdkit (file plugin, block device) | straight from the sg device | ratio to the device | ratio to nbdkit`,
    '---|---|---|---|---|---',
    ...report.rows.map((r) => `${r.title} | ${range(r.values.export)} | ${range(r.values.nbdkit)} | ${range(r.values.device)} | ${r.ratioToDevice.toFixed(2)} | ${r.ratioToNbdkit?.toFixed(2) ?? 'n/a'}`),
    ...(report.nbdkit.served ? [] : [`nbdkit did not serve: ${report.nbdkit.reason ?? 'unknown'}`]),
  ].join('\n');
}
