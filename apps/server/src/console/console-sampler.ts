/**
 * The web console's own data: per device, the newest 300 one-second
 * samples of commands/s, errors/s, mean latency and bytes/s read and
 * written. It is fed the command events the metrics count
 * ({@link ServerMetrics.observeCommands}): each event only adds to the
 * counters of its device's second in progress (no allocation per command),
 * and a timer once a second turns every device's counters into a sample
 * in its {@link SeriesRing}. It samples only while started (sgiod starts it
 * with `--console`); the timer is unref-ed and stops with the app.
 */
import type { CommandObserver, ServerMetrics } from '../metrics/metrics.js';
import { emptyColumns, SeriesRing, type SampleColumns } from './series-ring.js';

/** Options of {@link ConsoleSampler}. */
export interface ConsoleSamplerOptions {
  /** Milliseconds per sample (default 1000). */
  readonly intervalMs?: number;
  /** Samples kept per device (default 300: five minutes of seconds). */
  readonly capacity?: number;
}

/** One device's series as `GET /v1/console/series` answers it. */
export interface DeviceSeries {
  /** The device id (sg name), as in `GET /v1/devices`. */
  readonly id: string;
  /** Its samples, oldest first. */
  readonly samples: SampleColumns;
}

/** One device: the counts of the second in progress, and its samples. */
interface Tally {
  commands: number;
  errors: number;
  latencyMs: number;
  readBytes: number;
  writeBytes: number;
  readonly ring: SeriesRing;
}

/** Rounds to 1/1000 (rates and milliseconds: no float noise in the JSON). */
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Samples every device's commands once a second. */
export class ConsoleSampler {
  /** Milliseconds per sample. */
  readonly intervalMs: number;
  /** Samples kept per device. */
  readonly capacity: number;
  readonly #tallies = new Map<string, Tally>();
  #timer: NodeJS.Timeout | undefined;
  #lastTick = 0;
  #unobserve: (() => void) | undefined;

  constructor(options: ConsoleSamplerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.capacity = options.capacity ?? 300;
  }

  /** Whether it is sampling (between {@link start} and {@link stop}). */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /**
   * Counts one command of `device` in its second in progress; does nothing
   * while stopped. Shaped as a {@link CommandObserver}.
   */
  readonly record: CommandObserver = (device, outcome, seconds, bytes) => {
    if (!this.#timer) return;
    const tally = this.#tally(device);
    tally.commands++;
    if (outcome !== 'ok') tally.errors++;
    tally.latencyMs += seconds * 1000;
    if (bytes) {
      if (bytes.direction === 'read') tally.readBytes += bytes.count;
      else tally.writeBytes += bytes.count;
    }
  };

  /** Samples exactly `devices` from now on (ids): a new one starts with no samples, one not listed is dropped with its samples. */
  keep(devices: readonly string[]): void {
    const wanted = new Set(devices);
    for (const id of this.#tallies.keys()) if (!wanted.has(id)) this.#tallies.delete(id);
    for (const id of devices) this.#tally(id);
  }

  /** The samples of `devices` (ids, in that order) newer than `since` (epoch ms; all without it); a device not sampled yet has none. */
  series(devices: readonly string[], since?: number): DeviceSeries[] {
    return devices.map((id) => ({ id, samples: this.#tallies.get(id)?.ring.columns(since) ?? emptyColumns() }));
  }

  /** Starts sampling (the first sample one interval from now), and, with `metrics`, counting its command events. */
  start(metrics?: ServerMetrics): void {
    if (this.#timer) return;
    this.#lastTick = Date.now();
    this.#timer = setInterval(() => this.#tick(), this.intervalMs);
    this.#timer.unref();
    if (metrics) this.#unobserve = metrics.observeCommands(this.record);
  }

  /** Stops the timer and the counting; the samples so far stay. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unobserve?.();
    this.#unobserve = undefined;
  }

  #tally(device: string): Tally {
    let tally = this.#tallies.get(device);
    if (!tally) {
      tally = { commands: 0, errors: 0, latencyMs: 0, readBytes: 0, writeBytes: 0, ring: new SeriesRing(this.capacity) };
      this.#tallies.set(device, tally);
    }
    return tally;
  }

  /** Turns each device's counters into a sample, per second of the time that really passed (a late timer does not inflate the rates), stamped with the time it ends. */
  #tick(): void {
    const t = Date.now();
    const elapsed = t - this.#lastTick;
    this.#lastTick = t;
    // a clock set back or far forward gives the nominal interval
    const seconds = (elapsed > 0 && elapsed < 10 * this.intervalMs ? elapsed : this.intervalMs) / 1000;
    for (const tally of this.#tallies.values()) {
      const mean = tally.commands > 0 ? round3(tally.latencyMs / tally.commands) : Number.NaN;
      tally.ring.push(t, round3(tally.commands / seconds), round3(tally.errors / seconds), mean, round3(tally.readBytes / seconds), round3(tally.writeBytes / seconds));
      tally.commands = tally.errors = tally.latencyMs = tally.readBytes = tally.writeBytes = 0;
    }
  }
}
