/**
 * Running one measured process inside the lab: wall time plus the user and
 * system CPU seconds of the process and its children (from bash's `times`).
 */
import { spawnSync } from 'node:child_process';

/** What one run produced. */
export interface RunOutput {
  /** Exit status. */
  readonly status: number;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error (without the `times` lines). */
  readonly stderr: string;
  /** Wall-clock seconds of the whole process. */
  readonly wallSeconds: number;
  /** User CPU seconds of the process (and its children). */
  readonly userSeconds: number;
  /** System CPU seconds of the process (and its children). */
  readonly sysSeconds: number;
}

const TIMES_MARK = '@@bench-times@@';

function seconds(text: string): number {
  const m = /(\d+)m([\d.]+)s/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

/** Runs `command args...` and measures it; throws with its output when it fails. */
export function runMeasured(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): RunOutput {
  const started = performance.now();
  const r = spawnSync('bash', ['-c', `"$@"; rc=$?; echo ${TIMES_MARK} >&2; times >&2; exit $rc`, 'bench', command, ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const [stderr = '', timesText = ''] = (r.stderr ?? '').split(`${TIMES_MARK}\n`);
  // `times` prints the shell's own line, then the children's line
  const childLine = timesText.trim().split('\n')[1] ?? '';
  const [user = '', sys = ''] = childLine.split(/\s+/);
  const out: RunOutput = { status: r.status ?? 128, stdout: r.stdout ?? '', stderr, wallSeconds, userSeconds: seconds(user), sysSeconds: seconds(sys) };
  if (out.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${out.status}:\n${out.stdout}\n${out.stderr}`);
  }
  return out;
}

/** Parses sg_dd/sgm_dd/sgp_dd's `time=1` line into seconds. */
export function sgDdSeconds(output: string): number {
  const m = /time to transfer data(?: was|:)\s*([\d.]+)\s*secs/.exec(output);
  if (!m) throw new Error(`no 'time to transfer data' line in:\n${output}`);
  return Number(m[1]);
}

/** The seconds sg_read's `time=1` reports ("Time for all SCSI READ commands was 1.718288 secs" in sg3_utils 1.46). */
export function sgReadSeconds(output: string): number {
  const m = /time (?:to|for) [^\n]*?([\d.]+)\s*secs/i.exec(output);
  if (!m) throw new Error(`no 'time to ... secs' line in sg_read's output:\n${output}`);
  return Number(m[1]);
}

/** The last JSON object printed on stdout. */
export function lastJson<T>(stdout: string): T {
  const start = stdout.lastIndexOf('\n{');
  const text = start >= 0 ? stdout.slice(start + 1) : stdout.slice(stdout.indexOf('{'));
  return JSON.parse(text) as T;
}
