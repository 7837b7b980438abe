/**
 * The allowed devices as discovery (sysfs) sees them, re-read at most every
 * `ttlMs`, and the mapping from request ids to them. An id is an sg name
 * (`sg1`) or `H:C:T:L`; anything else matches nothing. The device path
 * always comes from discovery, never from the request.
 */
import type { SgDeviceInfo } from '@sgio/core';
import type { Allowlist } from './allowlist.js';

const SG_NAME = /^sg\d{1,6}$/;
const HCTL = /^\d{1,6}:\d{1,6}:\d{1,6}:\d{1,20}$/;

/** True when `id` has the form of a device id. */
export function isDeviceId(id: string): boolean {
  return SG_NAME.test(id) || HCTL.test(id);
}

/** The allowed, present devices. */
export class DeviceCatalog {
  readonly #discover: () => SgDeviceInfo[];
  readonly #allowlist: Allowlist;
  readonly #ttlMs: number;
  #rows: SgDeviceInfo[] = [];
  #readAt = -Infinity;

  constructor(discover: () => SgDeviceInfo[], allowlist: Allowlist, ttlMs = 500) {
    this.#discover = discover;
    this.#allowlist = allowlist;
    this.#ttlMs = ttlMs;
  }

  /** The allowed devices present now. */
  list(): readonly SgDeviceInfo[] {
    const now = performance.now();
    if (now - this.#readAt > this.#ttlMs) {
      this.#rows = this.#discover().filter((d) => this.#allowlist.allows(d.path));
      this.#readAt = now;
    }
    return this.#rows;
  }

  /** Forgets the cached rows (after a device went away). */
  invalidate(): void {
    this.#readAt = -Infinity;
  }

  /** The allowed device with this id, or undefined. */
  resolve(id: string): SgDeviceInfo | undefined {
    if (!isDeviceId(id)) return undefined;
    return this.list().find((d) => d.name === id || d.hctl === id);
  }
}
