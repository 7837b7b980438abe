/**
 * `sgio target` as a child process in lab tests: its JSON lines as they
 * come, its exit, and a whole TCMU disk served by it for the peer suites
 * (the tools run synchronously against it: the disk lives in another
 * process).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createTcmuBackstore, exportTcmuBackstore, tearDownTcmu, unexportTcmu } from '@sgio/lab';
import { SGIO_BIN } from './run.js';

/** A running `sgio target ... --json`. */
export interface TargetProcess {
  /** Its exit code, once it ends. */
  readonly exit: Promise<number | null>;
  /** Sends SIGTERM. */
  stop(): void;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** Its next JSON line (`serving`, `stopped`); rejects, with its stderr, if it ends or says nothing for 60 s. */
  nextJson(what: string): Promise<Record<string, unknown>>;
}

/** Starts `sgio target ARGS --json`. */
export function startTarget(args: readonly string[]): TargetProcess {
  const child = spawn(process.execPath, [SGIO_BIN, 'target', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
        const r = await Promise.race([lines.next(), late]);
        if (r.done) {
          await Promise.race([exit, new Promise((w) => setTimeout(w, 1000))]);
          throw new Error(`sgio target ended before its ${what} line (${how}); stderr: ${err}`);
        }
        return JSON.parse(r.value) as Record<string, unknown>;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** A TCMU disk served by an `sgio target` process and exported through tcm_loop. */
export interface ServedDisk {
  /** Its sg node. */
  readonly path: string;
  /** Unexports it, stops the process (expects exit 0) and removes the backstore. */
  tearDown(): Promise<void>;
}

/** Creates a TCMU backstore, serves it with `sgio target --uio ... --memory SIZE` plus `extra`, and exports it. */
export async function serveDisk(name: string, sizeMb: number, extra: readonly string[] = []): Promise<ServedDisk> {
  const backstore = await createTcmuBackstore({ name, sizeMb });
  const t = startTarget(['--uio', backstore.uio, '--memory', `${sizeMb}M`, ...extra]);
  await t.nextJson('serving');
  const dev = await exportTcmuBackstore(backstore);
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
