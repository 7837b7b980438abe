/**
 * Device discovery from sysfs: the rows `lsscsi -g` prints, as objects.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, join } from 'node:path';

/** One SCSI device that has an sg node. */
export interface SgDeviceInfo {
  /** sg node name, `sg0`. */
  readonly name: string;
  /** sg node path, `/dev/sg0`. */
  readonly path: string;
  /** `H:C:T:L`. */
  readonly hctl: string;
  /** SCSI host number. */
  readonly host: number;
  /** Channel (bus) number. */
  readonly channel: number;
  /** Target id. */
  readonly target: number;
  /** Logical unit number. */
  readonly lun: number;
  /** Peripheral device type (0 disk, 1 tape, 5 cd/dvd, ...). */
  readonly peripheralType: number;
  /** INQUIRY vendor identification, trimmed. */
  readonly vendor: string;
  /** INQUIRY product identification, trimmed. */
  readonly model: string;
  /** INQUIRY product revision level, trimmed. */
  readonly revision: string;
  /** Block device path (`/dev/sda`) when a block driver is bound. */
  readonly blockDevice?: string;
  /** bsg node path (`/dev/bsg/0:0:0:0`) when the bsg driver is present. */
  readonly bsgDevice?: string;
  /** Device state as sysfs reports it (`running`, `offline`, ...). */
  readonly state?: string;
  /** Queue depth the mid-layer uses. */
  readonly queueDepth?: number;
}

/** Where to look; tests and containers may point elsewhere. */
export interface ListDevicesOptions {
  /** sysfs mount point (default `/sys`). */
  readonly sysfs?: string;
  /** Folder holding the device nodes (default `/dev`). */
  readonly dev?: string;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function firstEntry(dir: string): string | undefined {
  try {
    return readdirSync(dir)[0];
  } catch {
    return undefined;
  }
}

/** Parses `H:C:T:L`; undefined for anything else. */
export function parseHctl(text: string): { host: number; channel: number; target: number; lun: number } | undefined {
  const m = /^(\d+):(\d+):(\d+):(\d+)$/.exec(text);
  if (!m) return undefined;
  return { host: Number(m[1]), channel: Number(m[2]), target: Number(m[3]), lun: Number(m[4]) };
}

/**
 * Lists the SCSI devices that have an sg node, sorted like `lsscsi` (by
 * host, channel, target, LUN). Reads sysfs only; opens no device.
 */
export function listDevices(options: ListDevicesOptions = {}): SgDeviceInfo[] {
  const sysfs = options.sysfs ?? '/sys';
  const dev = options.dev ?? '/dev';
  const cls = join(sysfs, 'class', 'scsi_generic');
  if (!existsSync(cls)) return [];
  const rows: SgDeviceInfo[] = [];
  for (const name of readdirSync(cls)) {
    if (!/^sg\d+$/.test(name)) continue;
    const device = join(cls, name, 'device');
    let hctlText: string;
    try {
      hctlText = basename(readlinkSync(device));
    } catch {
      continue;
    }
    const hctl = parseHctl(hctlText);
    if (!hctl) continue;
    const block = firstEntry(join(device, 'block'));
    const bsg = firstEntry(join(device, 'bsg'));
    const depth = readText(join(device, 'queue_depth'));
    const state = readText(join(device, 'state'));
    rows.push({
      name,
      path: join(dev, name),
      hctl: hctlText,
      ...hctl,
      peripheralType: Number(readText(join(device, 'type')) ?? -1),
      vendor: readText(join(device, 'vendor')) ?? '',
      model: readText(join(device, 'model')) ?? '',
      revision: readText(join(device, 'rev')) ?? '',
      ...(block ? { blockDevice: join(dev, block) } : {}),
      ...(bsg ? { bsgDevice: join(dev, 'bsg', bsg) } : {}),
      ...(state ? { state } : {}),
      ...(depth && /^\d+$/.test(depth) ? { queueDepth: Number(depth) } : {}),
    });
  }
  return rows.sort((a, b) => a.host - b.host || a.channel - b.channel || a.target - b.target || a.lun - b.lun);
}

/**
 * The sg node of a block device (`/dev/sda` → `/dev/sg0`), from sysfs;
 * undefined when the block device is not SCSI or has no sg node.
 */
export function sgNodeForBlockDevice(blockPath: string, options: ListDevicesOptions = {}): string | undefined {
  const base = basename(blockPath);
  const disk = /^(sd[a-z]+)\d*$/.exec(base)?.[1] ?? base;
  return listDevices(options).find((d) => d.blockDevice !== undefined && basename(d.blockDevice) === disk)?.path;
}
