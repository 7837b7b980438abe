/** SG_SCSI_RESET, guarded: the caller names the device before a reset that fails every command in flight. */
import type { CommandOptions } from '../commands/command-options.js';
import type { SgDevice } from '../device/sg-device.js';
import { confirmDevice, type DeviceIdentity } from './confirmation.js';

/** What a reset resets: the logical unit, its target, the bus, or the host adapter (all its devices). */
export type ResetKind = 'device' | 'target' | 'bus' | 'host';

/** Options of {@link resetDevice}. */
export interface ResetOptions extends CommandOptions {
  /** The device's unit serial number or WWN: required, checked before the reset. */
  readonly confirm: string | undefined;
  /** Do not escalate to a wider reset when this one fails. */
  readonly noEscalate?: boolean;
}

/**
 * Resets the device named by `options.confirm` (a `ConfirmationError`
 * before anything happens otherwise): commands in flight in the reset's
 * scope fail, and the device reports a unit attention (POWER ON, RESET, OR
 * BUS DEVICE RESET OCCURRED) to the next command.
 */
export async function resetDevice(device: SgDevice, kind: ResetKind, options: ResetOptions): Promise<DeviceIdentity> {
  const identity = await confirmDevice(device, options.confirm, `SCSI ${kind} reset`, options);
  device.scsiReset(kind, options.noEscalate === undefined ? {} : { noEscalate: options.noEscalate });
  return identity;
}
