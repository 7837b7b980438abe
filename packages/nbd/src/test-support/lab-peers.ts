/**
 * The peers the NBD lab tests share: the kernel's nbd-client (run so that
 * the daemon it leaves behind cannot hold a pipe open) and sg_dd reads of
 * the device for comparisons. Guest only.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustRunPeer } from '@sgio/lab';

/**
 * nbd-client: in ioctl mode it leaves a daemon holding the connection,
 * which would keep a pipe (execFile's stdout) open forever, so its output
 * goes to `dir/nbd-client.log` and only the exit of the process started is
 * awaited; a failure throws with that log.
 */
export async function nbdClient(dir: string, args: readonly string[]): Promise<void> {
  const logFile = join(dir, 'nbd-client.log');
  const out = openSync(logFile, 'a');
  try {
    const child = spawn('nbd-client', args, { stdio: ['ignore', out, out] });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    if (code !== 0) throw new Error(`nbd-client ${args.join(' ')} exited ${code}:\n${readFileSync(logFile, 'utf8')}`);
  } finally {
    closeSync(out);
  }
}

/** sg_dd of `count` 512-byte blocks at `skip` of `sg` into a file in `dir`; returns its bytes. */
export async function sgDdRead(dir: string, sg: string, skip: number, count: number): Promise<Buffer> {
  const out = join(dir, `sgdd-${skip}-${count}.bin`);
  await mustRunPeer('sg_dd', [`if=${sg}`, `of=${out}`, 'bs=512', `skip=${skip}`, `count=${count}`]);
  return readFileSync(out);
}
