/**
 * Lab test helpers: sgiod as a child process on loopback, an HTTP client
 * with tokens, sg_dd reads for comparison, and metric samples.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built sgiod entry point. */
export const SGIOD_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin.cjs');

/** The UML guest starts with `lo` down; loopback HTTP needs it up. */
export function loopbackUp(): void {
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
}

/** A sgiod child process. */
export interface SgiodChild {
  /** Base URL. */
  readonly url: string;
  /** The process. */
  readonly child: ChildProcess;
  /** What it wrote to stdout and stderr. */
  readonly output: string[];
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** How {@link startSgiod} runs the process. */
export interface SgiodSpawnOptions {
  /** A command that runs node (e.g. `setpriv` dropping a capability): it gets node, the script and the flags as arguments. */
  readonly wrapper?: readonly string[];
}

/** Starts sgiod with `args` on `port` and waits until /healthz answers. */
export async function startSgiod(port: number, args: string[], options: SgiodSpawnOptions = {}): Promise<SgiodChild> {
  const argv = [process.execPath, SGIOD_BIN, '--host', '127.0.0.1', '--port', String(port), ...args];
  const [command, ...rest] = [...(options.wrapper ?? []), ...argv];
  const child = spawn(command!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => output.push(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => output.push(d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // node starts in about a second in the guest, but far slower when the host is busy
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > until) throw new Error(`sgiod did not start: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Reads `count` blocks of 512 bytes at `lba` with sg_dd (the C reference). */
export function sgDdRead(device: string, lba: number, count: number): Buffer {
  return execFileSync('sg_dd', [`if=${device}`, 'of=-', 'bs=512', `skip=${lba}`, `count=${count}`], { maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Resident set size of a process in bytes (VmRSS). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * The peak resident set size a process reaches while `work` runs, above its
 * resident size when `work` starts, in bytes: the kernel's peak (VmHWM) is
 * reset to the current size first (`5` to /proc/PID/clear_refs).
 */
export async function peakGrowthOf(pid: number, work: () => Promise<void>): Promise<number> {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const start = rssOf(pid);
  await work();
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return (m ? Number(m[1]) * 1024 : 0) - start;
}

/** Sum of the samples of a metric whose labels contain every `match` pair. */
export function metricValue(text: string, name: string, match: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labels = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (Object.entries(match).every(([k, v]) => labels.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
