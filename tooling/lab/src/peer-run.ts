/**
 * Running a peer tool (sg3_utils, nbdinfo, mkfs, ...) from a lab test
 * without blocking the event loop: when the device the tool talks to is
 * served by the test's own process (a TCMU target, an NBD server), a
 * synchronous child would deadlock it.
 */
import { execFile } from 'node:child_process';

/** How a peer tool ended and what it printed. */
export interface PeerRun {
  /** The exit status; null when a signal or the timeout ended it, or it could not start. */
  readonly status: number | null;
  /** Its standard output. */
  readonly stdout: string;
  /** Its standard error. */
  readonly stderr: string;
  /** Standard output then standard error, for matching and for assertion messages. */
  readonly out: string;
}

/** Limits of one {@link runPeer} call. */
export interface PeerRunOptions {
  /** Kill the tool after this long (default 60 s). */
  readonly timeoutMs?: number;
  /** The most output kept per stream (default 64 MiB). */
  readonly maxBufferBytes?: number;
}

/** Runs `cmd args` asynchronously; never rejects: a failure shows in `status`. */
export function runPeer(cmd: string, args: readonly string[], options: PeerRunOptions = {}): Promise<PeerRun> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, maxBuffer: options.maxBufferBytes ?? 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      const status = error ? (typeof code === 'number' ? code : null) : 0;
      resolve({ status, stdout, stderr, out: `${stdout}${stderr}` });
    });
  });
}

/** Runs `cmd args` like {@link runPeer} and returns its standard output; rejects, with both streams in the message, unless it exits 0. */
export async function mustRunPeer(cmd: string, args: readonly string[], options: PeerRunOptions = {}): Promise<string> {
  const r = await runPeer(cmd, args, options);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? 'by a signal or its timeout'}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}
