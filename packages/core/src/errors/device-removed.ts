/**
 * Whether a SCSI device is being removed, or is gone, by sysfs: its state is
 * `cancel` or `deleted`, or its directory no longer exists. The sg driver
 * answers a command that a removal cut short with ENODEV; bsg's io_uring
 * handler completes it with a host status (DID_ERROR seen in the lab) that
 * would otherwise read as a transport fault. Read only on that error path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** True when the SCSI device `hctl` (`H:C:T:L`) is being removed or gone (see the module comment). */
export function scsiDeviceRemoved(hctl: string, sysfs = '/sys'): boolean {
  let state: string;
  try {
    state = readFileSync(join(sysfs, 'bus', 'scsi', 'devices', hctl, 'state'), 'utf8').trim();
  } catch {
    return true;
  }
  return state === 'cancel' || state === 'deleted';
}
