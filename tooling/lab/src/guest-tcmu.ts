/**
 * Helpers for lab tests of TCMU, the third target (a SCSI device whose
 * every answer the test's own process gives): create a backstore and find
 * its `/dev/uioN`, export it through tcm_loop once the handler serves it,
 * tear it down.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { kernelLogMark, waitForDiskAttach } from './disk-attach.js';
import { NotInLabError, sgDevices, type LabDevice } from './guest.js';
import { LIO_CONFIGFS, LIO_PROC_NAME } from './lio.js';
import { TCMU_BOOT_PORTS } from './tcmu-boot.js';
import { DEFAULT_TCMU, TCMU_SECOND_TEST_PORTS, TCMU_TARGET_WWN_PREFIX, TCMU_TEST_PORTS, checkTcmuOptions, tcmuCreateScript, tcmuExportScript, tcmuTeardownScript, tcmuUnexportScript, type TcmuOptions, type TcmuPorts } from './tcmu.js';

const FAIL_FUNCTION = 'fail() { echo "sgio-lab: $*" >&2; exit 1; }';

/** Runs a helper script without blocking the event loop (the handler in this process must keep serving). */
function runScript(script: string, what: string): Promise<string> {
  const moduleDir = process.env.SGIO_LAB_MODULES;
  if (!moduleDir) return Promise.reject(new NotInLabError(what));
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', `M=$1\n${FAIL_FUNCTION}\n${script}`, 'sgio-lab-tcmu', moduleDir], (error, stdout, stderr) => {
      if (error) reject(new Error(`sgio-lab: ${what} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

/** A TCMU backstore created by {@link createTcmuBackstore}. */
export interface LabTcmuBackstore {
  /** Its options. */
  readonly options: TcmuOptions;
  /** `/dev/uioN` to serve. */
  readonly uio: string;
}

/** Loads the modules and creates an enabled TCMU backstore; resolves with its uio device. Serve it, then {@link exportTcmuBackstore}. */
export async function createTcmuBackstore(options: Partial<TcmuOptions> = {}): Promise<LabTcmuBackstore> {
  const o = checkTcmuOptions({ ...DEFAULT_TCMU, ...options });
  const uio = await runScript(tcmuCreateScript(o), 'createTcmuBackstore()');
  return { options: o, uio };
}

/** SCSI host number of a loopback target, from its configfs `address` (`H:0:T`); undefined when it has none. */
function loopbackHost(wwn: string): number | undefined {
  try {
    return Number(readFileSync(`${LIO_CONFIGFS}/loopback/${wwn}/tpgt_1/address`, 'utf8').split(':')[0]);
  } catch {
    return undefined;
  }
}

/** SCSI host numbers of the loopback targets that export TCMU backstores (the tests' and the boot disk's). */
export function tcmuHostNumbers(): Set<number> {
  const dir = `${LIO_CONFIGFS}/loopback`;
  if (!existsSync(dir)) return new Set();
  const hosts = readdirSync(dir)
    .filter((w) => w.startsWith(TCMU_TARGET_WWN_PREFIX))
    .map(loopbackHost)
    .filter((h): h is number => h !== undefined);
  return new Set(hosts);
}

/**
 * The sg device of the TCMU disk the lab serves from boot (`--tcmu`, the
 * `tcmu` profile; `SGIO_LAB_TCMU` describes it). Throws when the lab was
 * booted without it.
 */
export function tcmuBootDevice(): LabDevice {
  const host = loopbackHost(TCMU_BOOT_PORTS.target);
  const d = host === undefined ? undefined : sgDevices().find((x) => x.driver === LIO_PROC_NAME && Number(x.hctl.split(':')[0]) === host);
  if (!d) throw new Error('sgio-lab: no TCMU boot disk in this guest; boot the lab with --tcmu (or --profile tcmu)');
  return d;
}

/** The sg devices of tcm_loop hosts (LIO's and TCMU's). */
function tcmuHostDevices(): LabDevice[] {
  return sgDevices().filter((d) => d.driver === LIO_PROC_NAME);
}

/**
 * Exports the backstore through a tcm_loop LUN and waits for its sg device
 * and for sd to finish attaching it (the scan and sd's probe run through the
 * handler, which must be serving). Resolves with the new device. Export it again through {@link TCMU_SECOND_TEST_PORTS}
 * for a second initiator (I_T nexus) on the same logical unit.
 */
export async function exportTcmuBackstore(backstore: LabTcmuBackstore, timeoutMs = 30_000, ports: TcmuPorts = TCMU_TEST_PORTS): Promise<LabDevice> {
  const before = new Set(tcmuHostDevices().map((d) => d.name));
  const mark = kernelLogMark();
  await runScript(tcmuExportScript(backstore.options.name, ports), `exportTcmuBackstore(${ports.target})`);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = tcmuHostDevices().find((d) => !before.has(d.name));
    if (found) {
      // sd's probe of the new disk goes through the handler too: let it end before the test's own commands
      await waitForDiskAttach([found.hctl], mark, Math.max(until - Date.now(), 1000));
      return found;
    }
    if (Date.now() > until) throw new Error(`sgio-lab: no sg device for the TCMU LUN after ${timeoutMs} ms; is the handler serving ${backstore.uio}?`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Removes the TCMU LUNs and their loopback targets, those of `ports` or
 * else of both test port pairs, while the handler still serves (the
 * devices' removal may send commands).
 */
export async function unexportTcmu(ports?: TcmuPorts): Promise<void> {
  const script = ports ? tcmuUnexportScript(ports) : `${tcmuUnexportScript(TCMU_SECOND_TEST_PORTS)}${tcmuUnexportScript()}`;
  await runScript(script, `unexportTcmu(${ports?.target ?? ''})`);
}

/** Removes the TCMU loopback target and every TCMU backstore: call {@link unexportTcmu}, stop the handler, then this. */
export async function tearDownTcmu(): Promise<void> {
  await runScript(tcmuTeardownScript(), 'tearDownTcmu()');
}
