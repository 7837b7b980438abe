/**
 * Reads every served device's health on an interval for the smartctl_*
 * gauges (see health-gauges.ts), with a bounded cost: one device at a time,
 * about 20 read commands each (core's `readHealth`), never two refreshes at
 * once, and never from a scrape. A device that fails its reading shows
 * `smartctl_device_status 0`; one that left the catalog loses its gauges.
 */
import { smartctlJson } from '@sgio/core';
import type { DeviceAccess } from '../devices/access.js';
import type { HealthGauges } from './health-gauges.js';

/** Options of {@link HealthRefresher}. */
export interface HealthRefresherOptions {
  /** The devices (their catalog and `health()`). */
  readonly devices: Pick<DeviceAccess, 'list' | 'health'>;
  /** Where the readings go. */
  readonly gauges: HealthGauges;
  /** Milliseconds between refreshes; 0 turns the refresher off. */
  readonly intervalMs: number;
  /** Reports a device whose reading failed. */
  readonly onError?: (device: string, error: unknown) => void;
}

/** Refreshes the health gauges of every device on an interval. */
export class HealthRefresher {
  readonly #options: HealthRefresherOptions;
  readonly #stopping = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  readonly #known = new Set<string>();

  constructor(options: HealthRefresherOptions) {
    this.#options = options;
  }

  /** Starts the interval (the first refresh one interval from now); does nothing when the interval is 0. */
  start(): void {
    if (this.#options.intervalMs <= 0 || this.#timer) return;
    this.#timer = setInterval(() => void this.refresh(), this.#options.intervalMs);
    this.#timer.unref();
  }

  /** One refresh of every device, one after another; joins the one running, if any. */
  refresh(): Promise<void> {
    this.#running ??= this.#refreshAll().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #refreshAll(): Promise<void> {
    const { devices, gauges } = this.#options;
    const rows = devices.list();
    const names = new Set(rows.map((r) => r.name));
    for (const gone of [...this.#known].filter((n) => !names.has(n))) {
      gauges.remove(gone);
      this.#known.delete(gone);
    }
    for (const row of rows) {
      if (this.#stopping.signal.aborted) return;
      const started = performance.now();
      try {
        const health = await devices.health(row, this.#stopping.signal);
        gauges.set(row.name, smartctlJson(health, row.path), (performance.now() - started) / 1000);
      } catch (e) {
        if (this.#stopping.signal.aborted) return;
        gauges.failed(row.name, (performance.now() - started) / 1000);
        this.#options.onError?.(row.name, e);
      }
      this.#known.add(row.name);
    }
  }

  /** Stops the interval and waits for a refresh in progress (its commands are withdrawn). */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stopping.abort();
    await this.#running;
  }
}
