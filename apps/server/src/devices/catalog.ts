/**
 * The allowed devices as discovery (sysfs) sees them, re-read at most every
 * `ttlMs`, and the mapping from request ids to them. An id is an sg name
 * (`sg1`) or `H:C:T:L`; anything else matches nothing. The device path
 * always comes from discovery, never from the request.
 *
 * Each allowed device's identity (VPD 0x83 `wwid` plus H:C:T:L) is pinned
 * when the catalog first sees it (at start-up for the devices present
 * then). A later device at the same sg path with another identity (a hot
 * swap: the kernel reuses the freed sg number) is left out of the list,
 * refused with a 409 problem when named, and reported through `onMismatch`.
 * Symlink entries (`/dev/disk/by-id/...`) are re-resolved on every re-read.
 */
import type { SgDeviceInfo } from '@sgio/core';
import { ProblemError } from '../errors/problem-error.js';
import type { Allowlist } from './allowlist.js';
import { describeIdentity, readIdentity, sameIdentity, type DeviceIdentity } from './identity.js';

const SG_NAME = /^sg\d{1,6}$/;
const HCTL = /^\d{1,6}:\d{1,6}:\d{1,6}:\d{1,20}$/;

/** True when `id` has the form of a device id. */
export function isDeviceId(id: string): boolean {
  return SG_NAME.test(id) || HCTL.test(id);
}

/** Options of {@link DeviceCatalog}. */
export interface CatalogOptions {
  /** Reads a device's identity (default: sysfs `wwid` / `vpd_pg83` plus H:C:T:L). */
  readonly identify?: (row: SgDeviceInfo) => DeviceIdentity;
  /** Called once per swap seen (default: a process warning, which sgiod's log shows). */
  readonly onMismatch?: (row: SgDeviceInfo, pinned: DeviceIdentity, found: DeviceIdentity) => void;
}

/** The allowed, present devices. */
export class DeviceCatalog {
  readonly #discover: () => SgDeviceInfo[];
  readonly #allowlist: Allowlist;
  readonly #ttlMs: number;
  readonly #identify: (row: SgDeviceInfo) => DeviceIdentity;
  readonly #onMismatch: (row: SgDeviceInfo, pinned: DeviceIdentity, found: DeviceIdentity) => void;
  readonly #pins = new Map<string, DeviceIdentity>();
  readonly #swapped = new Map<string, { row: SgDeviceInfo; pinned: DeviceIdentity; found: DeviceIdentity }>();
  #rows: SgDeviceInfo[] = [];
  #readAt = -Infinity;

  constructor(discover: () => SgDeviceInfo[], allowlist: Allowlist, ttlMs = 500, options: CatalogOptions = {}) {
    this.#discover = discover;
    this.#allowlist = allowlist;
    this.#ttlMs = ttlMs;
    this.#identify = options.identify ?? ((row) => readIdentity(row));
    this.#onMismatch = options.onMismatch ?? ((row, pinned, found) => process.emitWarning(`sgiod: ${row.path} is now ${describeIdentity(found)}, not the pinned ${describeIdentity(pinned)}; refused`, 'DeviceIdentityWarning'));
    this.list(); // pin the devices present at start-up
  }

  /** The allowed devices present now (devices whose identity changed are left out). */
  list(): readonly SgDeviceInfo[] {
    const now = performance.now();
    if (now - this.#readAt > this.#ttlMs) {
      this.#allowlist.refresh();
      const rows: SgDeviceInfo[] = [];
      const swapped = new Map<string, { row: SgDeviceInfo; pinned: DeviceIdentity; found: DeviceIdentity }>();
      for (const d of this.#discover()) {
        if (!this.#allowlist.allows(d.path)) continue;
        const found = this.#identify(d);
        const pinned = this.#pins.get(d.path);
        if (pinned === undefined) this.#pins.set(d.path, found);
        else if (!sameIdentity(pinned, found)) {
          if (!this.#swapped.has(d.path)) this.#onMismatch(d, pinned, found);
          swapped.set(d.path, { row: d, pinned, found });
          continue;
        }
        rows.push(d);
      }
      this.#rows = rows;
      this.#swapped.clear();
      for (const [k, v] of swapped) this.#swapped.set(k, v);
      this.#readAt = now;
    }
    return this.#rows;
  }

  /** Forgets the cached rows (after a device went away). */
  invalidate(): void {
    this.#readAt = -Infinity;
  }

  /**
   * The allowed device with this id, or undefined.
   * @throws {ProblemError} 409 `device-identity-changed` when the id names a device that replaced a pinned one.
   */
  resolve(id: string): SgDeviceInfo | undefined {
    if (!isDeviceId(id)) return undefined;
    const row = this.list().find((d) => d.name === id || d.hctl === id);
    if (row) return row;
    for (const { row: r, pinned, found } of this.#swapped.values()) {
      if (r.name === id || r.hctl === id) {
        throw new ProblemError(409, 'device-identity-changed', 'Device identity changed', `${r.path} is now ${describeIdentity(found)}, not the device allowed at start-up (${describeIdentity(pinned)}); it will not be opened. Restart sgiod (or fix the allowlist) if the new device should be allowed.`);
      }
    }
    return undefined;
  }

  /**
   * Checks, right after `row` was opened, that the device behind its path
   * is still the pinned one (a swap between the look-up and the open).
   * @throws {ProblemError} 409 `device-identity-changed` when it is not.
   */
  verifyOpened(row: SgDeviceInfo): void {
    const pinned = this.#pins.get(row.path);
    if (pinned === undefined) return;
    const found = this.#identify(row);
    if (sameIdentity(pinned, found)) return;
    if (!this.#swapped.has(row.path)) this.#onMismatch(row, pinned, found);
    this.#swapped.set(row.path, { row, pinned, found });
    this.#readAt = -Infinity;
    throw new ProblemError(409, 'device-identity-changed', 'Device identity changed', `${row.path} is now ${describeIdentity(found)}, not the device allowed at start-up (${describeIdentity(pinned)}); it was closed again. Restart sgiod (or fix the allowlist) if the new device should be allowed.`);
  }
}
