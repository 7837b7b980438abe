/**
 * Helpers for code running inside the lab guest (lab tests): which sg
 * devices exist, scsi_debug's parameters, fault injection, deleting and
 * re-adding devices, reloading scsi_debug with other parameters.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { kernelLogMark, waitForDiskAttach } from './disk-attach.js';
import { expectedDeviceCount, profiles, type ProfileName, type ScsiDebugParams } from './profiles.js';

const DRIVER = '/sys/bus/pseudo/drivers/scsi_debug';
const MODULE_PARAMS = '/sys/module/scsi_debug/parameters';

/** Error thrown when lab-only code runs outside the lab. */
export class NotInLabError extends Error {
  /** Stable error code. */
  readonly code = 'ELAB_NOT_IN_LAB';
  constructor(what = 'This test') {
    super(
      `${what} needs the real sg driver and runs only inside the lab: run it with \`pnpm test:lab\` (or \`pnpm lab -- <command>\`). It does not skip outside the lab, so a missing lab is never counted as a pass.`,
    );
    this.name = 'NotInLabError';
  }
}

/** True inside a lab guest with scsi_debug loaded. */
export function isInLab(): boolean {
  return process.env.SGIO_LAB === '1' && existsSync('/sys/module/scsi_debug');
}

/** Throws {@link NotInLabError} outside the lab. Call at the top of every lab test file. */
export function requireLab(what?: string): void {
  if (!isInLab()) throw new NotInLabError(what);
}

/** One sg device of the guest. */
export interface LabDevice {
  /** `/dev/sgN`. */
  readonly path: string;
  /** `sgN`. */
  readonly name: string;
  /** `H:C:T:L`. */
  readonly hctl: string;
  /** Block device name (`sda`) when sd_mod is loaded. */
  readonly block?: string;
  /** The SCSI host's driver (`proc_name`): `scsi_debug`, or `tcm_loopback` for LIO's loopback initiators. */
  readonly driver: string;
}

function sgNumber(name: string): number {
  return Number(name.slice(2));
}

/** The sg devices present, in sg number order. */
export function sgDevices(): LabDevice[] {
  const cls = '/sys/class/scsi_generic';
  if (!existsSync(cls)) return [];
  return readdirSync(cls)
    .filter((n) => /^sg\d+$/.test(n))
    .sort((a, b) => sgNumber(a) - sgNumber(b))
    .map((name) => {
      const hctl = basename(readlinkSync(join(cls, name, 'device')));
      const blockDir = join(cls, name, 'device', 'block');
      const block = existsSync(blockDir) ? readdirSync(blockDir)[0] : undefined;
      const driver = hostDriver(hctl);
      return block ? { path: `/dev/${name}`, name, hctl, block, driver } : { path: `/dev/${name}`, name, hctl, driver };
    });
}

function hostDriver(hctl: string): string {
  try {
    return readFileSync(`/sys/class/scsi_host/host${hctl.split(':')[0]}/proc_name`, 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

/** The sg devices of scsi_debug, in sg number order. */
export function scsiDebugDevices(): LabDevice[] {
  return sgDevices().filter((d) => d.driver === 'scsi_debug');
}

/** The first scsi_debug sg device (the one most tests use; `/dev/sg0` unless LIO was set up first). */
export function firstDevice(): LabDevice {
  const d = scsiDebugDevices()[0];
  if (!d) throw new Error('sgio-lab: no sg device in the guest; is scsi_debug loaded?');
  return d;
}

/** scsi_debug's current parameters, as the module reports them. */
export function scsiDebugParams(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of readdirSync(MODULE_PARAMS)) {
    try {
      out[n] = readFileSync(join(MODULE_PARAMS, n), 'utf8').trim();
    } catch {
      // write-only or unreadable parameter
    }
  }
  return out;
}

/** Sets a scsi_debug parameter that can change at run time (delay, ndelay, every_nth, opts, ...). */
export function setScsiDebugParam(name: string, value: string | number): void {
  const path = existsSync(join(DRIVER, name)) ? join(DRIVER, name) : join(MODULE_PARAMS, name);
  try {
    writeFileSync(path, String(value));
  } catch (e) {
    throw new Error(`sgio-lab: cannot set scsi_debug ${name}=${value} at run time (${(e as Error).message}); use reloadScsiDebug() for load-time parameters.`);
  }
}

/**
 * Sets scsi_debug's answer delay (`delay` in jiffies, or `ndelay` in ns)
 * once the driver takes it: scsi_debug refuses a new delay with EBUSY while
 * commands are queued, so this retries for up to 5 s. It waits without
 * blocking: the commands may be this process's own, which it must go on
 * serving (or withdrawing) for the queue to drain; a retry that blocked the
 * thread kept the NBD robustness test's queue busy past 5 s on Linux 7.2.
 */
export async function setScsiDebugTiming(name: 'delay' | 'ndelay', value: number): Promise<void> {
  const until = performance.now() + 5000;
  for (;;) {
    try {
      setScsiDebugParam(name, value);
      return;
    } catch (e) {
      if (performance.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** Sets scsi_debug's `delay` (jiffies) once the driver takes it (see {@link setScsiDebugTiming}). */
export function setScsiDebugDelay(jiffies: number): Promise<void> {
  return setScsiDebugTiming('delay', jiffies);
}

/**
 * scsi_debug `opts` bits (the `SDEBUG_OPT_*` masks of drivers/scsi/scsi_debug.c,
 * the same in Linux 5.x and 6.x). There is no `opts` bit that raises a UNIT
 * ATTENTION: toggle `virtual_gb` (capacity changed) or reload the module
 * (power on) for that.
 */
export const ScsiDebugOpts = {
  /** SDEBUG_OPT_NOISE: log every command. */
  noise: 0x1,
  /** SDEBUG_OPT_MEDIUM_ERR: reads touching LBAs 0x1234..0x123d end in MEDIUM ERROR / unrecovered read error. */
  medium: 0x2,
  /** SDEBUG_OPT_TIMEOUT: every_nth-th command is never answered (the midlayer times it out). */
  timeout: 0x4,
  /** SDEBUG_OPT_RECOVERED_ERR: every_nth-th read/write ends in RECOVERED ERROR. */
  recoveredError: 0x8,
  /** SDEBUG_OPT_TRANSPORT_ERR: every_nth-th command ends in ABORTED COMMAND (transport problem). */
  transportError: 0x10,
  /** SDEBUG_OPT_DIF_ERR. */
  dif: 0x20,
  /** SDEBUG_OPT_DIX_ERR. */
  dix: 0x40,
  /** SDEBUG_OPT_MAC_TIMEOUT: timeouts only for the MAC OS workaround. */
  macTimeout: 0x80,
  /** SDEBUG_OPT_SHORT_TRANSFER: every_nth-th read/write transfers half its data. */
  shortTransfer: 0x100,
  /** SDEBUG_OPT_Q_NOISE: log queue-full events. */
  queueNoise: 0x200,
  /** SDEBUG_OPT_ALL_TSF: TASK SET FULL while the queue is full. */
  allTaskSetFull: 0x400,
  /** SDEBUG_OPT_RARE_TSF: TASK SET FULL now and then while the queue is nearly full. */
  rareTaskSetFull: 0x800,
  /** SDEBUG_OPT_N_WCE: report the write cache as disabled. */
  noWriteCache: 0x1000,
  /** SDEBUG_OPT_RESET_NOISE: log resets. */
  resetNoise: 0x2000,
  /** SDEBUG_OPT_NO_CDB_NOISE: do not log CDBs. */
  noCdbNoise: 0x4000,
  /** SDEBUG_OPT_HOST_BUSY: every_nth-th command is refused with SCSI_MLQUEUE_HOST_BUSY (the midlayer requeues it). */
  hostBusy: 0x8000,
  /** SDEBUG_OPT_CMD_ABORT: every_nth-th command is silently dropped (the midlayer times it out and aborts it). */
  cmdAbort: 0x10000,
} as const;

/**
 * Makes every `everyNth` command fail in the way the `opts` bits say (for
 * example `{ everyNth: 1, opts: ScsiDebugOpts.medium }`). A negative
 * `everyNth` fails once after that many commands and then stops.
 */
export function injectFault(fault: { everyNth: number; opts: number }): void {
  setScsiDebugParam('opts', fault.opts);
  setScsiDebugParam('every_nth', fault.everyNth);
}

/** Clears what {@link injectFault} set. */
export function clearFaults(): void {
  setScsiDebugParam('every_nth', 0);
  setScsiDebugParam('opts', 0);
}

/** Deletes a device through sysfs, as a hot unplug would. */
export function deleteDevice(device: LabDevice | string): void {
  const name = typeof device === 'string' ? basename(device) : device.name;
  writeFileSync(`/sys/class/scsi_generic/${name}/device/delete`, '1');
}

/**
 * Waits until at least `count` sg devices exist (of one host driver when
 * `driver` is given, such as `scsi_debug`, or of those a lister returns,
 * such as `lioDevices`); throws after `timeoutMs`.
 */
export async function waitForDevices(count: number, timeoutMs = 10_000, driver?: string | (() => LabDevice[])): Promise<LabDevice[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const devices = driver === undefined ? sgDevices() : typeof driver === 'function' ? driver() : sgDevices().filter((d) => d.driver === driver);
    if (devices.length >= count) return devices;
    if (Date.now() > until) throw new Error(`sgio-lab: expected ${count} sg devices, found ${devices.length} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Re-adds deleted devices by rescanning every SCSI host; resolves with
 * scsi_debug's devices once sd has finished attaching the new disks (see
 * disk-attach.ts: the kernel's probe sends commands after the sg node exists).
 */
export async function rescan(expected = expectedDeviceCount(currentLoadParams())): Promise<LabDevice[]> {
  const before = new Set(sgDevices().map((d) => d.hctl));
  const mark = kernelLogMark();
  for (const host of readdirSync('/sys/class/scsi_host')) {
    writeFileSync(join('/sys/class/scsi_host', host, 'scan'), '- - -');
  }
  const devices = await waitForDevices(expected, 10_000, 'scsi_debug');
  await waitForDiskAttach(sgDevices().filter((d) => !before.has(d.hctl)).map((d) => d.hctl), mark);
  return devices;
}

function currentLoadParams(): ScsiDebugParams {
  const p = scsiDebugParams();
  return { add_host: p.add_host ?? 1, num_tgts: p.num_tgts ?? 1, max_luns: p.max_luns ?? 1 };
}

/**
 * Unloads scsi_debug and loads it again with other parameters (a profile
 * name or a parameter set), waiting for the devices. No sg device may be
 * open. Use it for load-time parameters such as `sector_size`. Resolves
 * with scsi_debug's devices once sd has attached its disks (LIO's, if set
 * up, stay as they are).
 */
export async function reloadScsiDebug(params: ProfileName | Readonly<ScsiDebugParams>): Promise<LabDevice[]> {
  const set = typeof params === 'string' ? profiles[params].scsiDebug : params;
  const moduleDir = process.env.SGIO_LAB_MODULES;
  if (!moduleDir) throw new NotInLabError('reloadScsiDebug()');
  const file = execFileSync('find', [join(moduleDir, 'kernel'), '-name', 'scsi_debug.ko*', '-print', '-quit'], { encoding: 'utf8' }).trim();
  execFileSync('rmmod', ['scsi_debug']);
  const mark = kernelLogMark();
  execFileSync('insmod', [file, ...Object.entries(set).map(([k, v]) => `${k}=${v}`)]);
  process.env.SGIO_LAB_SCSI_DEBUG = Object.entries(set)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const devices = await waitForDevices(expectedDeviceCount(set), 10_000, 'scsi_debug');
  await waitForDiskAttach(devices.map((d) => d.hctl), mark);
  return devices;
}
