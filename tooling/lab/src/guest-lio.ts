/**
 * Helpers for lab tests that use LIO, the second SCSI target: set it up in
 * the running guest (so LIO tests share the boot of every other lab test),
 * find its devices, tear it down.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { kernelLogMark, waitForDiskAttach } from './disk-attach.js';
import { NotInLabError, sgDevices, waitForDevices, type LabDevice } from './guest.js';
import { tcmuHostNumbers } from './guest-tcmu.js';
import { DEFAULT_LIO, LIO_CONFIGFS, LIO_PROC_NAME, checkLioOptions, lioEnvValue, lioSetupScript, lioTeardownScript, type LioOptions } from './lio.js';

/** Stops a helper script at the first failure with a message on stderr. */
const FAIL_FUNCTION = 'fail() { echo "sgio-lab: $*" >&2; exit 1; }';

function runScript(script: string, what: string): void {
  const moduleDir = process.env.SGIO_LAB_MODULES;
  if (!moduleDir) throw new NotInLabError(what);
  try {
    execFileSync('bash', ['-c', `M=$1\n${FAIL_FUNCTION}\n${script}`, 'sgio-lab-lio', moduleDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const x = e as { stderr?: Buffer; message: string };
    throw new Error(`sgio-lab: ${what} failed: ${x.stderr?.toString().trim() || x.message}`);
  }
}

/** The sg devices of LIO's loopback initiators, in sg number order (empty when LIO is not set up); TCMU's loopback targets are not LIO's. */
export function lioDevices(): LabDevice[] {
  const tcmu = tcmuHostNumbers();
  return sgDevices().filter((d) => d.driver === LIO_PROC_NAME && !tcmu.has(Number(d.hctl.split(':')[0])));
}

/** True when a LIO logical unit is set up in this guest. */
export function isLioSetUp(): boolean {
  return existsSync(`${LIO_CONFIGFS}/core/fileio_0/disk0`);
}

/**
 * Sets LIO up in the running guest: one fileio logical unit exported through
 * `initiators` loopback targets, each an I_T nexus with its own sg device.
 * Resolves with those devices (initiator 1 first). Throws when LIO is
 * already set up: call {@link tearDownLio} first (in `afterAll`, so later
 * test files see only scsi_debug).
 */
export async function setUpLio(options: Partial<LioOptions> = {}): Promise<LabDevice[]> {
  const o = checkLioOptions({ ...DEFAULT_LIO, ...options });
  const mark = kernelLogMark();
  runScript(lioSetupScript(o), 'setUpLio()');
  process.env.SGIO_LAB_LIO = lioEnvValue(o);
  // LIO's own devices: a TCMU disk's loopback host has the same driver
  const devices = await waitForDevices(o.initiators, 20_000, lioDevices);
  await waitForDiskAttach(devices.map((d) => d.hctl), mark);
  return devices.sort((a, b) => Number(a.hctl.split(':')[0]) - Number(b.hctl.split(':')[0]));
}

/**
 * Removes every LIO loopback target and backstore, so their sg devices go
 * away; does nothing when LIO is not set up. No LIO device may be open.
 */
export async function tearDownLio(): Promise<void> {
  runScript(lioTeardownScript(), 'tearDownLio()');
  process.env.SGIO_LAB_LIO = '';
  const until = Date.now() + 10_000;
  while (lioDevices().length > 0) {
    if (Date.now() > until) throw new Error('sgio-lab: LIO devices still present 10 s after tearDownLio(); is one still open?');
    await new Promise((r) => setTimeout(r, 25));
  }
}
