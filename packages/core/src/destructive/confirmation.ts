/**
 * The guard of destructive work (FORMAT UNIT, microcode download, resets):
 * the caller names the device it means, by its unit serial number or one
 * of its logical unit's NAA/EUI-64 designators (its WWN), and the command
 * runs only when that name belongs to the device opened. A wrong path in a
 * script then fails with "this is not the device you named" instead of
 * erasing another disk.
 */
import type { CommandOptions } from '../commands/command-options.js';
import { SgioError } from '../errors/sgio-error.js';
import { runFlowAsync, type Executor } from '../flows/command-step.js';
import { inquiryFlow, vpdFlow } from '../flows/identify-flows.js';

/** What names a device for a confirmation. */
export interface DeviceIdentity {
  /** T10 vendor identification (INQUIRY). */
  readonly vendor: string;
  /** Product identification (INQUIRY). */
  readonly product: string;
  /** Unit serial number (VPD 0x80), when the device has one. */
  readonly serial: string | undefined;
  /** The logical unit's NAA and EUI-64 designators in hex (VPD 0x83), when it has any. */
  readonly wwns: readonly string[];
}

/** Why a confirmation was refused. */
export type ConfirmationFailure = 'missing' | 'mismatch' | 'unnamed';

/** Destructive work refused: no confirmation, or one that names another device. */
export class ConfirmationError extends SgioError {
  /** Why it was refused. */
  readonly reason: ConfirmationFailure;
  /** The identity of the device that was opened. */
  readonly identity: DeviceIdentity;
  constructor(reason: ConfirmationFailure, what: string, identity: DeviceIdentity, given?: string) {
    const names = [identity.serial === undefined ? undefined : `serial ${identity.serial}`, ...identity.wwns.map((w) => `WWN ${w}`)].filter((n) => n !== undefined).join(', ');
    const device = `${identity.vendor} ${identity.product}`.trim();
    const message =
      reason === 'unnamed'
        ? `${what} refused: the device (${device}) reports neither a unit serial number nor a WWN, so it cannot be named; sgio will not run destructive work on it.`
        : reason === 'missing'
          ? `${what} destroys data and needs a confirmation naming the device: pass its unit serial number or WWN (this device, ${device}, has ${names}). Check that it is the device you mean first.`
          : `${what} refused: '${given ?? ''}' does not name this device (${device}: ${names}). Check the device path; nothing was sent.`;
    super(reason === 'mismatch' ? 'ERR_CONFIRMATION_MISMATCH' : 'ERR_CONFIRMATION_REQUIRED', message);
    this.reason = reason;
    this.identity = identity;
  }
}

/** Reads the identity of a device: INQUIRY, then VPD 0x80 and 0x83 where the device has them. */
export async function deviceIdentity(device: Executor, options: CommandOptions = {}): Promise<DeviceIdentity> {
  const { decoded: inquiry } = await runFlowAsync(device, inquiryFlow(options));
  const serial = await runFlowAsync(device, vpdFlow(0x80, options)).then(
    ({ decoded }) => (decoded as { serialNumber?: string }).serialNumber?.trim() || undefined,
    () => undefined,
  );
  const wwns = await runFlowAsync(device, vpdFlow(0x83, options)).then(
    ({ decoded }) =>
      ((decoded as { designators?: readonly { association: string; designatorType: string; hex: string }[] }).designators ?? [])
        .filter((d) => d.association === 'lu' && (d.designatorType === 'naa' || d.designatorType === 'eui64'))
        .map((d) => d.hex.toLowerCase()),
    () => [] as string[],
  );
  return { vendor: inquiry.vendorId.trim(), product: inquiry.productId.trim(), serial, wwns };
}

/** `0x5000…`, `naa.5000…`, `eui.…`, with or without colons or dashes: the bare lowercase hex. */
function bareWwn(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^(0x|naa\.|eui\.)/, '')
    .replace(/[:-]/g, '');
}

/**
 * Throws a {@link ConfirmationError} unless `confirm` names the device of
 * `identity`: its unit serial number exactly, or one of its WWNs (hex,
 * optionally with `0x`/`naa.`/`eui.` and separators).
 */
export function checkConfirmation(identity: DeviceIdentity, confirm: string | undefined, what: string): void {
  if (identity.serial === undefined && identity.wwns.length === 0) throw new ConfirmationError('unnamed', what, identity);
  if (confirm === undefined || confirm.trim() === '') throw new ConfirmationError('missing', what, identity);
  if (identity.serial !== undefined && confirm.trim() === identity.serial) return;
  const wwn = bareWwn(confirm);
  if (wwn !== '' && identity.wwns.includes(wwn)) return;
  throw new ConfirmationError('mismatch', what, identity, confirm);
}

/** Reads the device's identity and checks `confirm` against it (see {@link checkConfirmation}); returns the identity. */
export async function confirmDevice(device: Executor, confirm: string | undefined, what: string, options: CommandOptions = {}): Promise<DeviceIdentity> {
  const identity = await deviceIdentity(device, options);
  checkConfirmation(identity, confirm, what);
  return identity;
}
