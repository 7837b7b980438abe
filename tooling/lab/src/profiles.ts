/**
 * Named scsi_debug configurations. Every profile answers at once
 * (`delay=0`); tests that need latency set `delay`/`ndelay` themselves.
 * The `lio` profile adds the Linux SCSI target (LIO) beside scsi_debug; the
 * `tcmu` profile adds sgio's own TypeScript disk (TCMU, `sgio target`).
 */
import { DEFAULT_LIO, type LioOptions } from './lio.js';
import { DEFAULT_TCMU_BOOT, type TcmuBootOptions } from './tcmu-boot.js';

/** scsi_debug module parameters, as `name=value` pairs. */
export type ScsiDebugParams = Record<string, string | number>;

/** A named lab configuration. */
export interface LabProfile {
  /** Profile name, as given to `--profile`. */
  readonly name: string;
  /** One line for `--help`. */
  readonly description: string;
  /** Parameters passed to `insmod scsi_debug.ko`. */
  readonly scsiDebug: Readonly<ScsiDebugParams>;
  /** LIO set up after scsi_debug (its sg devices follow scsi_debug's), when present. */
  readonly lio?: LioOptions;
  /** A TCMU disk served by `sgio target` after LIO (its sg device comes last), when present; the bin is given at run time. */
  readonly tcmu?: Omit<TcmuBootOptions, 'bin'>;
}

const base = { dev_size_mb: 64, sector_size: 512, delay: 0 } as const;

/** The built-in profiles. */
export const profiles = {
  default: {
    name: 'default',
    description: 'one 64 MiB disk, 512-byte sectors, delay=0',
    scsiDebug: { ...base },
  },
  multi: {
    name: 'multi',
    description: '2 targets x 2 LUNs (four 64 MiB disks), 512-byte sectors, delay=0',
    scsiDebug: { ...base, num_tgts: 2, max_luns: 2 },
  },
  '4k': {
    name: '4k',
    description: 'one 64 MiB disk with 4096-byte sectors, delay=0',
    scsiDebug: { ...base, sector_size: 4096 },
  },
  thin: {
    name: 'thin',
    description: 'one 64 MiB thin-provisioned disk (LBPU, LBPWS, LBPWS10, LBPRZ) for UNMAP and WRITE SAME',
    scsiDebug: { ...base, lbpu: 1, lbpws: 1, lbpws10: 1, lbprz: 1 },
  },
  lio: {
    name: 'lio',
    description: 'the default disk, then LIO: a 64 MiB fileio logical unit seen through 2 loopback initiators',
    scsiDebug: { ...base },
    lio: DEFAULT_LIO,
  },
  tcmu: {
    name: 'tcmu',
    description: 'the default disk, then a 64 MiB TCMU disk served by `sgio target` (sgio\'s TypeScript SCSI disk)',
    scsiDebug: { ...base },
    tcmu: DEFAULT_TCMU_BOOT,
  },
} as const satisfies Record<string, LabProfile>;

/** Name of a built-in profile. */
export type ProfileName = keyof typeof profiles;

/** True when `name` is a built-in profile. */
export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(profiles, name);
}

/**
 * How many sg devices a parameter set creates: hosts x targets x LUNs
 * (scsi_debug's defaults are 1 each).
 */
export function expectedDeviceCount(params: Readonly<ScsiDebugParams>): number {
  const n = (key: string): number => {
    const v = params[key];
    return v === undefined ? 1 : Number(v);
  };
  return n('add_host') * n('num_tgts') * n('max_luns');
}

/**
 * Parses `name=value` (the `--param` flag) into a pair; throws a message that
 * shows the expected form.
 */
export function parseParam(text: string): [string, string] {
  const m = /^([a-z_][a-z0-9_]*)=(\S+)$/i.exec(text);
  if (!m) {
    throw new Error(`--param expects NAME=VALUE with a scsi_debug parameter name (e.g. every_nth=100 or opts=4), got '${text}'`);
  }
  return [m[1]!, m[2]!];
}
