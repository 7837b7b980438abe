/**
 * Turning the `{id}` of a URL into an allowed device, or a 404 that looks
 * the same whether the device is missing or not allowed.
 */
import type { SgDeviceInfo } from '@sgio/core';
import type { DeviceAccess } from '../devices/access.js';
import { ProblemError } from '../errors/problem-error.js';

/** The allowed device `id`, or throws a 404 problem. */
export function requireDevice(devices: DeviceAccess, id: string): SgDeviceInfo {
  const row = devices.resolve(id);
  if (!row) {
    throw new ProblemError(404, 'device-not-found', 'Device not found', `No allowed device has the id '${id.slice(0, 64)}'; GET /v1/devices lists them (ids are sg names such as sg1, or H:C:T:L).`);
  }
  return row;
}

/** A discovery row as the API shows it. */
export function deviceRow(row: SgDeviceInfo): Record<string, unknown> {
  return { id: row.name, ...row };
}
