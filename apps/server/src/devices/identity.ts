/**
 * A device's identity, as pinned by the allowlist: the world-wide name the
 * kernel derives from VPD page 0x83 (sysfs `wwid`; when absent, the raw
 * `vpd_pg83` bytes, hex) plus H:C:T:L. After a hot swap the kernel hands the
 * freed sg number to the next device; its identity differs, so it is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SgDeviceInfo } from '@sgio/core';

/** What a device is, beyond its sg number. */
export interface DeviceIdentity {
  /** VPD 0x83 designator text (`naa.5333...`), or undefined when the device reports none. */
  readonly wwid: string | undefined;
  /** Host:channel:target:LUN. */
  readonly hctl: string;
}

/** Reads the identity of a discovered device from sysfs (no device I/O). */
export function readIdentity(row: SgDeviceInfo, sysfs = '/sys'): DeviceIdentity {
  const base = join(sysfs, 'class', 'scsi_generic', row.name, 'device');
  let wwid: string | undefined;
  try {
    wwid = readFileSync(join(base, 'wwid'), 'utf8').trim() || undefined;
  } catch {
    try {
      const pg83 = readFileSync(join(base, 'vpd_pg83'));
      wwid = pg83.length > 0 ? `vpd83:${pg83.toString('hex')}` : undefined;
    } catch {
      wwid = undefined;
    }
  }
  return { wwid, hctl: row.hctl };
}

/** True when two identities name the same device. */
export function sameIdentity(a: DeviceIdentity, b: DeviceIdentity): boolean {
  return a.hctl === b.hctl && a.wwid === b.wwid;
}

/** Text for logs and problems. */
export function describeIdentity(i: DeviceIdentity): string {
  return `${i.hctl} ${i.wwid ?? '(no VPD 0x83 designator)'}`;
}
