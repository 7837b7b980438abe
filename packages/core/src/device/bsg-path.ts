/**
 * Finding the bsg node of a SCSI device: `/dev/bsg/H:C:T:L`, named after the
 * device's address, which sysfs gives for any of its sg or block nodes.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseHctl } from '../discovery/list-devices.js';
import { DeviceOpenError } from '../errors/sgio-error.js';

/** Where to look (for tests). */
export interface BsgPathOptions {
  /** sysfs mount point (default `/sys`). */
  readonly sysfs?: string;
  /** devtmpfs mount point (default `/dev`). */
  readonly dev?: string;
}

/**
 * The bsg node (`/dev/bsg/H:C:T:L`) of an sg node (`/dev/sg0`), a block
 * device (`/dev/sda`) or an `H:C:T:L` address. Throws a DeviceOpenError when
 * the device has no SCSI address.
 */
export function bsgPathFor(device: string, options: BsgPathOptions = {}): string {
  const sysfs = options.sysfs ?? '/sys';
  const dev = options.dev ?? '/dev';
  if (parseHctl(device)) return join(dev, 'bsg', device);
  const name = basename(device);
  const candidates = [join(sysfs, 'class', 'scsi_generic', name, 'device'), join(sysfs, 'block', name.replace(/\d+$/, ''), 'device')];
  for (const link of candidates) {
    let target: string;
    try {
      target = realpathSync(link);
    } catch {
      continue;
    }
    const hctl = basename(target);
    if (parseHctl(hctl)) return join(dev, 'bsg', hctl);
  }
  throw new DeviceOpenError('missing', device, `${device} has no SCSI address in sysfs, so it has no bsg node. Pass /dev/sgN, /dev/sdX or an H:C:T:L address; listDevices() lists them.`);
}

/**
 * The sg node (`/dev/sgN`) of a bsg node (`/dev/bsg/H:C:T:L`, or that
 * address alone): the same device through the sg driver. Undefined when the
 * name is no SCSI address or the device has no sg node (the sg module not
 * loaded).
 */
export function sgPathForBsg(bsg: string, options: BsgPathOptions = {}): string | undefined {
  const sysfs = options.sysfs ?? '/sys';
  const dev = options.dev ?? '/dev';
  const hctl = basename(bsg);
  if (!parseHctl(hctl)) return undefined;
  let names: string[];
  try {
    names = readdirSync(join(sysfs, 'bus', 'scsi', 'devices', hctl, 'scsi_generic'));
  } catch {
    return undefined;
  }
  const sg = names.find((n) => /^sg\d+$/.test(n));
  return sg === undefined ? undefined : join(dev, sg);
}

/** Checks that `path` is a character device before opening it as bsg. */
export function checkBsgPath(path: string): void {
  let isChar: boolean;
  try {
    isChar = statSync(path).isCharacterDevice();
  } catch (e) {
    throw new DeviceOpenError(
      'missing',
      path,
      `${path} does not exist. bsg nodes are /dev/bsg/H:C:T:L (bsgPathFor('/dev/sg0') finds one); the kernel needs CONFIG_BLK_DEV_BSG.`,
      { cause: e },
    );
  }
  if (!isChar) throw new DeviceOpenError('not-sg', path, `${path} is not a character device, so not a bsg node. Use bsgPathFor() to find the node of a device.`);
}
