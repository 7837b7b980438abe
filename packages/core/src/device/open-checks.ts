/**
 * What a path is, before and after trying to open it as an sg device, so the
 * error can say what it is instead and what to do.
 */
import { constants as fsConstants, accessSync, statSync, type Stats } from 'node:fs';
import { sgNodeForBlockDevice } from '../discovery/list-devices.js';
import { DeviceOpenError } from '../errors/sgio-error.js';

/** Major number of the sg driver's character devices. */
export const SG_MAJOR = 21;

/** `major:minor` of a device node, for messages. */
export function deviceNumbers(st: Stats): string {
  const major = Math.floor(st.rdev / 256) & 0xfff;
  const minor = (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00);
  return `${major}:${minor}`;
}

/** Stats the path and throws a {@link DeviceOpenError} when it cannot be an sg node. */
export function checkSgPath(path: string, readOnly: boolean): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES') {
      throw new DeviceOpenError('permission', path, `Permission denied looking up ${path}: a folder on the way is not searchable. Run as root or fix the folder permissions.`, { cause: e });
    }
    throw new DeviceOpenError(
      'missing',
      path,
      `${path} does not exist. List the sg devices with listDevices() (or \`sgio list\`); if there are none, load the driver (modprobe sg).`,
      { cause: e },
    );
  }
  if (st.isFile()) {
    throw new DeviceOpenError('regular-file', path, `${path} is a regular file, not an sg device. Pass a /dev/sgN node; use listDevices() to find them.`);
  }
  if (st.isDirectory()) {
    throw new DeviceOpenError('directory', path, `${path} is a directory, not an sg device. Pass a /dev/sgN node; use listDevices() to find them.`);
  }
  if (st.isBlockDevice()) {
    const sg = sgNodeForBlockDevice(path);
    throw new DeviceOpenError(
      'block-device',
      path,
      `${path} is a block device, not an sg device.${sg ? ` Its sg node is ${sg}: open that instead.` : ' It has no sg node (not a SCSI device, or the sg module is not loaded: modprobe sg).'}`,
      sg ? { suggestion: sg } : {},
    );
  }
  if (!st.isCharacterDevice()) {
    throw new DeviceOpenError('not-sg', path, `${path} is not a device node. Pass a /dev/sgN node; use listDevices() to find them.`);
  }
  const major = Math.floor(st.rdev / 256) & 0xfff;
  if (major !== SG_MAJOR && !path.includes('/bsg/')) {
    throw new DeviceOpenError(
      'char-device',
      path,
      `${path} is a character device (${deviceNumbers(st)}) of another driver, not an sg device (major ${SG_MAJOR}). Pass a /dev/sgN node; use listDevices() to find them.`,
    );
  }
  try {
    accessSync(path, readOnly ? fsConstants.R_OK : fsConstants.R_OK | fsConstants.W_OK);
  } catch (e) {
    const mode = (st.mode & 0o777).toString(8);
    throw new DeviceOpenError(
      'permission',
      path,
      `Permission denied: ${path} (mode ${mode}, owner uid ${st.uid}, gid ${st.gid}) needs ${readOnly ? 'read' : 'read and write'} access for SCSI commands. Run as root, add your user to the group that owns the node (often 'disk': usermod -aG disk USER, then log in again), or add a udev rule.`,
      { cause: e },
    );
  }
  return st;
}
