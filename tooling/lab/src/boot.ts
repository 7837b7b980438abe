/**
 * Boots the lab guest, runs one command (or a shell) inside it, and always
 * powers it off: on completion, on timeout, and when the caller is
 * interrupted. Nothing is left behind: the guest's processes are killed as a
 * group and the temp folder is removed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { END_MARKER, START_MARKER, initScript } from './guest-init.js';
import { findKernel, type UmlKernel } from './kernel.js';
import { MarkedStream } from './marked-stream.js';
import { lioEnvValue, type LioOptions } from './lio.js';
import { tcmuEnvValue, type TcmuBootOptions } from './tcmu-boot.js';
import { expectedDeviceCount, type ScsiDebugParams } from './profiles.js';
import { envScript } from './shell-quote.js';
import { createTap, labNetFor, removeTap, umlNetArgument, type LabNet } from './net.js';
import { startHostBrowser, type HostBrowser } from './host-browser.js';
import { chooseCpu, findEnv, findTaskset, ownAllowedCpus, pinnedSpawn, type CpuChoice } from './cpu-pin.js';

/** Exit status when the command outlived its timeout (like coreutils `timeout`). */
export const EXIT_TIMEOUT = 124;
/** Exit status when the guest did not get as far as running the command. */
export const EXIT_BOOT_FAILED = 125;

/** What to run and how. */
export interface RunOptions {
  /** Command and arguments (ignored with `interactive`). */
  readonly command: readonly string[];
  /** scsi_debug parameters. */
  readonly scsiDebug: Readonly<ScsiDebugParams>;
  /** Also set up LIO (see {@link LioOptions}); exported to the guest as `SGIO_LAB_LIO`. */
  readonly lio?: LioOptions;
  /** Also serve a TCMU disk with `sgio target` (see {@link TcmuBootOptions}); exported to the guest as `SGIO_LAB_TCMU`. */
  readonly tcmu?: TcmuBootOptions;
  /** Profile name, exported to the guest as `SGIO_LAB_PROFILE`. */
  readonly profile?: string;
  /** Also load sd_mod (block devices). */
  readonly block?: boolean;
  /**
   * A network link between host and guest (a tap device; needs root): the
   * guest's `vec0` gets `SGIO_LAB_GUEST_ADDRESS`, the host's end is
   * `SGIO_LAB_HOST_ADDRESS`.
   */
  readonly net?: boolean;
  /**
   * A headless Chromium on the host (implies `net`), driven from the guest
   * through the DevTools WebSocket endpoint in `SGIO_LAB_BROWSER`.
   */
  readonly browser?: boolean;
  /** Kill the guest after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Guest memory, UML syntax (`2G`). */
  readonly mem?: string;
  /** Folder to run in (default: the current one). */
  readonly cwd?: string;
  /** Environment to run with (default: the caller's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Interactive shell on the caller's terminal. */
  readonly interactive?: boolean;
  /** Where the command's output goes (default: this process's stdout/stderr). */
  readonly stdout?: (chunk: Buffer) => void;
  /** Where the command's error output goes. */
  readonly stderr?: (chunk: Buffer) => void;
  /** Messages of the lab itself (default: stderr). */
  readonly log?: (line: string) => void;
  /** Kernel to boot (default: {@link findKernel}). */
  readonly kernel?: UmlKernel;
  /** Identifies the guest's host processes (`umid=`); default `SGIO_LAB_UMID`, else unique. */
  readonly umid?: string;
  /**
   * The host CPU the guest runs on (see cpu-pin.ts for why): a CPU number,
   * `auto` (default: one of the allowed CPUs) or `all` (not pinned).
   */
  readonly cpu?: CpuChoice;
}

/** How a run ended. */
export interface RunResult {
  /** The command's exit status, or 124 (timeout) / 125 (boot failure) / 128+n (signal). */
  readonly status: number;
  /** Why the lab ended it, when it did. */
  readonly reason: 'exited' | 'timeout' | 'boot-failed' | 'interrupted';
  /** Milliseconds from spawn to the guest's end. */
  readonly elapsedMs: number;
  /** The kernel's console output before the command started (for diagnosis). */
  readonly bootLog: string;
}

const SKIP_ENV = ['PWD', 'OLDPWD', 'SHLVL', '_', 'LD_LIBRARY_PATH', 'LD_PRELOAD'];

/** Explains a boot log that shows a known failure. */
export function diagnoseBoot(bootLog: string): string {
  if (/ptrace set fp regs failed|put_fp_registers|restore_fp_registers/.test(bootLog)) {
    return 'this kernel cannot run on this CPU (its extended register state, e.g. AMX, is larger than this UML kernel supports). Run `sgio-lab --install` as root: it fetches a newer UML kernel from Debian unstable into /opt/sgio-lab.';
  }
  if (/Too few physical memory|Needed=/i.test(bootLog)) {
    return 'the kernel could not reserve its memory; try a smaller --mem.';
  }
  if (/insmod .* failed|module .* not found/.test(bootLog)) {
    return 'a SCSI module would not load; check the module tree matches the kernel (sgio-lab --check).';
  }
  return 'see the boot log above; run `sgio-lab --check` to see which kernel and modules are used.';
}

/** Boots the guest, runs the command, powers off; resolves with the status. */
export async function runInLab(options: RunOptions): Promise<RunResult> {
  const kernel = options.kernel ?? findKernel();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const out = options.stdout ?? ((c: Buffer) => process.stdout.write(c));
  const err = options.stderr ?? ((c: Buffer) => process.stderr.write(c));
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const interactive = options.interactive ?? false;
  const umid = options.umid ?? process.env.SGIO_LAB_UMID ?? `sgio-lab-${process.pid}-${Date.now().toString(36)}`;
  // checked before anything is created: a CPU this process may not use throws here
  const cpu = chooseCpu(options.cpu ?? 'auto', ownAllowedCpus(), process.pid);
  const labDir = mkdtempSync(join(tmpdir(), 'sgio-lab-'));
  chmodSync(labDir, 0o755);

  const scsiDebug = options.scsiDebug;
  const net: LabNet | undefined = options.net || options.browser ? labNetFor(process.pid) : undefined;
  let browser: HostBrowser | undefined;
  const releaseHost = async (): Promise<void> => {
    await browser?.close();
    if (net) removeTap(net);
  };
  try {
    if (net) createTap(net);
    if (net && options.browser) browser = await startHostBrowser(net.hostAddress, labDir, env);
  } catch (e) {
    await releaseHost();
    rmSync(labDir, { recursive: true, force: true });
    throw e;
  }
  writeFileSync(
    join(labDir, 'env.sh'),
    envScript(
      {
        ...env,
        SGIO_LAB_PROFILE: options.profile ?? 'custom',
        SGIO_LAB_SCSI_DEBUG: Object.entries(scsiDebug)
          .map(([k, v]) => `${k}=${v}`)
          .join(' '),
        SGIO_LAB_BLOCK: options.block ? '1' : '0',
        SGIO_LAB_LIO: options.lio ? lioEnvValue(options.lio) : '',
        SGIO_LAB_TCMU: options.tcmu ? tcmuEnvValue(options.tcmu) : '',
        SGIO_LAB_HOST_ADDRESS: net?.hostAddress ?? '',
        SGIO_LAB_GUEST_ADDRESS: net?.guestAddress ?? '',
        SGIO_LAB_BROWSER: browser?.endpoint ?? '',
      },
      SKIP_ENV,
    ),
  );
  const init = join(labDir, 'init');
  writeFileSync(
    init,
    initScript({
      labDir,
      modulesRoot: kernel.modulesRoot,
      scsiDebug,
      block: options.block ?? false,
      expectedDevices: expectedDeviceCount(scsiDebug) + (options.lio?.initiators ?? 0) + (options.tcmu ? 1 : 0),
      ...(options.lio ? { lio: options.lio } : {}),
      ...(options.tcmu ? { tcmu: options.tcmu, node: process.execPath } : {}),
      ...(net ? { net } : {}),
      cwd,
      command: options.command,
      interactive,
    }),
    { mode: 0o755 },
  );

  const args = [
    `mem=${options.mem ?? '2G'}`,
    'root=/dev/root',
    'rootfstype=hostfs',
    'rootflags=/',
    'rw',
    `init=${init}`,
    'con=null',
    interactive ? 'con0=fd:0,fd:1' : 'con0=null,fd:1',
    'con1=null,fd:2',
    'ssl=null',
    'quiet',
    'loglevel=1',
    // the kernel log must hold a whole scan: the lab waits for sd's "Attached SCSI disk" lines in it, and the
    // default buffer of the UML build kept 248 records, fewer than 64 new disks print
    'log_buf_len=4M',
    `uml_dir=${labDir}`,
    `umid=${umid}`,
    ...(net ? [umlNetArgument(net)] : []),
  ];

  const program = pinnedSpawn(kernel.binary, args, cpu, findTaskset(), kernel.env, findEnv());
  const started = Date.now();
  const child = spawn(program.file, program.args, {
    cwd: labDir,
    detached: true,
    env: { ...process.env, ...program.env, TMPDIR: '/dev/shm' },
    stdio: [interactive ? 'inherit' : 'ignore', 'pipe', 'pipe'],
  });
  const stdout = new MarkedStream(out, START_MARKER, END_MARKER);
  const stderr = new MarkedStream(err, START_MARKER, END_MARKER);
  child.stdout.on('data', (c: Buffer) => stdout.write(c));
  child.stderr.on('data', (c: Buffer) => stderr.write(c));

  const ending: { reason: RunResult['reason'] } = { reason: 'exited' };
  let signalStatus = 0;
  const killGuest = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const timeoutMs = options.timeoutMs ?? 600_000;
  const timer = setTimeout(() => {
    ending.reason = 'timeout';
    log(`sgio-lab: the command did not finish within ${Math.round(timeoutMs / 1000)} s; powering the guest off.`);
    killGuest();
  }, timeoutMs);
  const onSignal = (signal: NodeJS.Signals): void => {
    ending.reason = 'interrupted';
    signalStatus = 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15);
    log(`sgio-lab: ${signal}: powering the guest off.`);
    killGuest();
  };
  const signals: NodeJS.Signals[] = interactive ? ['SIGTERM', 'SIGHUP'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);

  try {
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', () => resolve());
    });
  } finally {
    clearTimeout(timer);
    for (const s of signals) process.off(s, onSignal);
    killGuest();
    stdout.flush();
    stderr.flush();
    await releaseHost();
  }

  let status: number;
  let statusText = '';
  try {
    statusText = readFileSync(join(labDir, 'status'), 'utf8').trim();
  } catch {
    statusText = '';
  }
  rmSync(labDir, { recursive: true, force: true });
  const bootLog = stdout.bootLog() + stderr.bootLog();
  let reason = ending.reason;
  if (reason === 'timeout') status = EXIT_TIMEOUT;
  else if (reason === 'interrupted') status = signalStatus;
  else if (statusText === '' || !stdout.started) {
    reason = 'boot-failed';
    status = statusText === '' ? EXIT_BOOT_FAILED : Number(statusText);
    log(bootLog.split('\n').slice(-30).join('\n'));
    log(`sgio-lab: the guest did not run the command: ${diagnoseBoot(bootLog)}`);
  } else status = Number(statusText);
  return { status, reason, elapsedMs: Date.now() - started, bootLog };
}
