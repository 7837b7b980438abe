/**
 * A fixed-size ring of one device's per-second samples for the web
 * console: the newest `capacity` of them, in typed arrays allocated once,
 * so a second's sample costs no allocation however long sgiod runs.
 */

/** Samples in columns, oldest first: the JSON shape `GET /v1/console/series` answers per device. */
export interface SampleColumns {
  /** When each sample's second ended (epoch ms). */
  readonly t: number[];
  /** Commands completed (or failed) per second. */
  readonly commandsPerSecond: number[];
  /** Commands per second whose outcome was anything but ok. */
  readonly errorsPerSecond: number[];
  /** Mean latency of the second's commands in ms; null for a second without commands. */
  readonly meanLatencyMs: (number | null)[];
  /** Data bytes read per second (commands that succeeded). */
  readonly readBytesPerSecond: number[];
  /** Data bytes written per second (commands that succeeded). */
  readonly writeBytesPerSecond: number[];
}

/** Columns with no sample. */
export function emptyColumns(): SampleColumns {
  return { t: [], commandsPerSecond: [], errorsPerSecond: [], meanLatencyMs: [], readBytesPerSecond: [], writeBytesPerSecond: [] };
}

/** The newest `capacity` samples of one device. */
export class SeriesRing {
  /** How many samples it keeps. */
  readonly capacity: number;
  readonly #t: Float64Array;
  readonly #commands: Float64Array;
  readonly #errors: Float64Array;
  /** NaN: no command in that second. */
  readonly #latencyMs: Float64Array;
  readonly #readBytes: Float64Array;
  readonly #writeBytes: Float64Array;
  /** Where the next sample goes. */
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a series ring holds at least one sample, not ${capacity}`);
    this.capacity = capacity;
    this.#t = new Float64Array(capacity);
    this.#commands = new Float64Array(capacity);
    this.#errors = new Float64Array(capacity);
    this.#latencyMs = new Float64Array(capacity);
    this.#readBytes = new Float64Array(capacity);
    this.#writeBytes = new Float64Array(capacity);
  }

  /** Samples held (at most {@link capacity}). */
  get size(): number {
    return this.#size;
  }

  /** Adds a sample, replacing the oldest when full; `meanLatencyMs` is NaN for a second without commands. */
  push(t: number, commandsPerSecond: number, errorsPerSecond: number, meanLatencyMs: number, readBytesPerSecond: number, writeBytesPerSecond: number): void {
    const i = this.#next;
    this.#t[i] = t;
    this.#commands[i] = commandsPerSecond;
    this.#errors[i] = errorsPerSecond;
    this.#latencyMs[i] = meanLatencyMs;
    this.#readBytes[i] = readBytesPerSecond;
    this.#writeBytes[i] = writeBytesPerSecond;
    this.#next = (i + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** The samples newer than `since` (epoch ms; all of them without it), oldest first. */
  columns(since?: number): SampleColumns {
    const out = emptyColumns();
    const oldest = (this.#next - this.#size + this.capacity) % this.capacity;
    for (let k = 0; k < this.#size; k++) {
      const i = (oldest + k) % this.capacity;
      const t = this.#t[i]!;
      if (since !== undefined && t <= since) continue;
      const latency = this.#latencyMs[i]!;
      out.t.push(t);
      out.commandsPerSecond.push(this.#commands[i]!);
      out.errorsPerSecond.push(this.#errors[i]!);
      out.meanLatencyMs.push(Number.isNaN(latency) ? null : latency);
      out.readBytesPerSecond.push(this.#readBytes[i]!);
      out.writeBytesPerSecond.push(this.#writeBytes[i]!);
    }
    return out;
  }
}
