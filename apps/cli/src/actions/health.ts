/** `sgio health DEV [--json]`: core's `readHealth`, printed as smartctl's JSON or as text. */
import { readHealth, smartctlJson, smartPassed, type DeviceHealth } from '@sgio/core';
import { flowOptions, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { decoderRegistry } from '../common/registry.js';

/** Exit status when the device reports SMART failure (smartctl's bit 3, "DISK FAILING"). */
export const HEALTH_FAILING_EXIT = 8;

const line = (label: string, value: string): string => `${`${label}:`.padEnd(28)}${value}`;

/** The text form: one line per fact the device reported, then what it did not. */
export function healthText(h: DeviceHealth): string {
  const id = h.identity;
  const out = [line('Vendor', id.vendor), line('Product', id.product)];
  if (id.revision !== null) out.push(line('Revision', id.revision));
  if (id.serialNumber !== null) out.push(line('Serial number', id.serialNumber));
  if (id.logicalUnitId !== null) out.push(line('Logical unit id', id.logicalUnitId));
  if (h.capacity !== null) out.push(line('User capacity', `${h.capacity.bytes} bytes (${h.capacity.blocks} blocks of ${h.capacity.blockSize})`));
  const ie = h.informationalExceptions;
  const passed = smartPassed(h);
  out.push(line('SMART health', passed === null ? 'not supported (no Informational Exceptions mode page)' : passed ? 'OK' : `${ie.text} [asc=${ie.asc.toString(16)}, ascq=${ie.ascq.toString(16)}]`));
  if (h.temperature?.current != null) out.push(line('Current temperature', `${h.temperature.current} C`));
  if (h.temperature?.trip != null) out.push(line('Trip temperature', `${h.temperature.trip} C`));
  if (h.backgroundScan !== null) out.push(line('Power on time', `${Math.floor(h.backgroundScan.accumulatedPowerOnMinutes / 60)} h ${h.backgroundScan.accumulatedPowerOnMinutes % 60} min`));
  if (h.startStop?.accumulatedStartStopCycles != null) out.push(line('Start-stop cycles', String(h.startStop.accumulatedStartStopCycles)));
  for (const [name, p] of Object.entries(h.errorCounters)) {
    if (p !== null) out.push(line(`Uncorrected ${name} errors`, String(p.totalUncorrectedErrors ?? 0n)));
  }
  if (h.nonMediumErrors !== null) out.push(line('Non-medium errors', String(h.nonMediumErrors)));
  if (h.grownDefects?.count != null) out.push(line('Grown defects', String(h.grownDefects.count)));
  if (h.pendingDefects?.count != null) out.push(line('Pending defects', String(h.pendingDefects.count)));
  if (h.selfTests !== null) out.push(line('Self-tests logged', String(h.selfTests.results.length)));
  if (h.gaps.length > 0) out.push('', `Not reported by the device: ${h.gaps.map((g) => (g.reason === 'unsupported' ? g.fact : `${g.fact} (${g.reason})`)).join(', ')}`);
  return out.join('\n');
}

/** Runs `health`. */
export async function health(device: string, options: CommonOptions): Promise<number> {
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    const h = await readHealth(session.device, { ...flowOptions(session), decoders: decoderRegistry() });
    emit({ json: smartctlJson(h, device), text: () => healthText(h) }, options);
    return smartPassed(h) === false ? HEALTH_FAILING_EXIT : 0;
  });
}
