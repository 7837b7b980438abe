/**
 * `sgio target` as a child process, in the guest: its JSON lines as they
 * come, its exit, and a whole TCMU disk served by it (backstore created,
 * served, exported; torn down in the reverse order). The lab tests' peer
 * suites and the bench's TCMU section use it; the tools run against the
 * disk synchronously, since the disk lives in another process.
 *
 * The lab does not depend on the CLI: callers pass the path of its bin.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createTcmuBackstore, exportTcmuBackstore, tearDownTcmu, unexportTcmu } from './guest-tcmu.js';
import type { TcmuOptions } from './tcmu.js';

/** A running `sgio target ... --json`. */
export interface TargetProcess {
  /** Its exit code, once it ends (null when a signal ended it). */
  readonly exit: Promise<number | null>;
  /** Sends SIGTERM. */
  stop(): void;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** Its next JSON line (`serving`, `stopped`); rejects, with its stderr, if it ends or says nothing for 60 s. */
  nextJson(what: string): Promise<Record<string, unknown>>;
}

/** Starts `node BIN target ARGS --json` (BIN: the sgio command's bin.cjs). */
export function startTargetProcess(bin: string, args: readonly string[]): TargetProcess {
  const child = spawn(process.execPath, [bin, 'target', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  let how = 'still running';
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      how = signal ? `killed by ${signal}` : `exit ${code}`;
      resolve(code);
    }),
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    exit,
    stop: () => child.kill('SIGTERM'),
    stderr: () => err,
    async nextJson(what) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`sgio target printed no ${what} line within 60 s; stderr: ${err}`)), 60_000);
      });
      try {
        for (;;) {
          const r = await Promise.race([lines.next(), late]);
          if (r.done) {
            await Promise.race([exit, new Promise((w) => setTimeout(w, 1000))]);
            throw new Error(`sgio target ended before its ${what} line (${how}); stderr: ${err}`);
          }
          if (r.value.startsWith('{')) return JSON.parse(r.value) as Record<string, unknown>;
        }
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** A TCMU disk served by an `sgio target` process and exported through tcm_loop. */
export interface ServedTcmuDisk {
  /** Its sg node. */
  readonly path: string;
  /** Unexports it, stops the process (expects its "stopped" line and exit 0) and removes the backstore. */
  tearDown(): Promise<void>;
}

/** What {@link serveTcmuDisk} serves. */
export interface ServeTcmuDiskOptions {
  /** The sgio command's bin.js. */
  readonly bin: string;
  /** Backstore name. */
  readonly name: string;
  /** Size in MiB. */
  readonly sizeMb: number;
  /** Keep the blocks in this file (extended to the size, sparse) instead of memory, so a test can read the backing bytes. */
  readonly file?: string;
  /** More `sgio target` arguments (`--thin`, `--max-transfer N`, ...). */
  readonly extra?: readonly string[];
  /** Backstore settings beyond name and size (hw_max_sectors, cmd_time_out). */
  readonly backstore?: Partial<Omit<TcmuOptions, 'name' | 'sizeMb'>>;
}

/** Creates a TCMU backstore, serves it with `sgio target --uio ... --memory SIZE` (or `--file PATH --size SIZE`) plus `extra`, and exports it. */
export async function serveTcmuDisk(options: ServeTcmuDiskOptions): Promise<ServedTcmuDisk> {
  const backstore = await createTcmuBackstore({ ...options.backstore, name: options.name, sizeMb: options.sizeMb });
  const store = options.file === undefined ? ['--memory', `${options.sizeMb}M`] : ['--file', options.file, '--size', `${options.sizeMb}M`];
  const t = startTargetProcess(options.bin, ['--uio', backstore.uio, ...store, ...(options.extra ?? [])]);
  let dev: Awaited<ReturnType<typeof exportTcmuBackstore>>;
  try {
    await t.nextJson('serving');
    dev = await exportTcmuBackstore(backstore);
  } catch (e) {
    // whatever failed, leave nothing behind: no LUN, no process holding the uio device, no backstore
    await unexportTcmu().catch(() => undefined);
    t.stop();
    await Promise.race([t.exit, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await tearDownTcmu();
    throw e;
  }
  return {
    path: dev.path,
    async tearDown() {
      await unexportTcmu();
      t.stop();
      await t.nextJson('stopped');
      const code = await t.exit;
      if (code !== 0) throw new Error(`sgio target exited ${code}; stderr: ${t.stderr()}`);
      await tearDownTcmu();
    },
  };
}
