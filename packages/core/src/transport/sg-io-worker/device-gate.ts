/**
 * How many SG_IO calls one device may have on the libc worker pool at once.
 * Every call of a read-only sg fd holds a pool thread for its whole time in
 * the kernel, so without a cap one slow or hung device (or a few busy ones)
 * takes every thread and stalls every other device of the process. The gate
 * is shared by every fd of the same device (SgLanes opens many): calls
 * beyond the cap wait here, in JavaScript, in arrival order, where an
 * AbortSignal or close() can still withdraw them, and never reach the pool.
 */
import { Fifo } from '../../util/fifo.js';

interface GateWaiter {
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
  readonly signals: readonly AbortSignal[];
  readonly onAbort: (this: AbortSignal) => void;
  done: boolean;
}

/** The per-device cap of calls on the worker pool. */
export class DeviceGate {
  /** The device this gate counts for (`H:C:T:L`). */
  readonly key: string;
  #running = 0;
  #users = 0;
  readonly #waiting = new Fifo<GateWaiter>();

  private constructor(key: string) {
    this.key = key;
  }

  /** Calls holding a place now. */
  get running(): number {
    return this.#running;
  }

  /** Calls waiting for a place. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Waits for a place. Resolves when the call may go to the pool; rejects
   * with `errorFor(signal)` for the first of `signals` that aborts meanwhile.
   * Every resolved acquire must be paired with one {@link release}.
   */
  acquire(signals: readonly AbortSignal[], errorFor: (signal: AbortSignal) => Error): Promise<void> {
    const aborted = signals.find((s) => s.aborted);
    if (aborted) return Promise.reject(errorFor(aborted));
    if (this.#running < DeviceGate.perDevice && this.#waiting.length === 0) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const w: GateWaiter = {
        resolve,
        reject,
        signals,
        done: false,
        onAbort(this: AbortSignal) {
          if (w.done) return;
          w.done = true;
          for (const s of w.signals) s.removeEventListener('abort', w.onAbort);
          reject(errorFor(this));
        },
      };
      for (const s of signals) s.addEventListener('abort', w.onAbort, { once: true });
      this.#waiting.push(w);
    });
  }

  /** Gives a place back and lets the next waiting call go. */
  release(): void {
    this.#running--;
    this.pump();
  }

  /** Lets waiting calls go while places are free (also after the cap was raised). */
  pump(): void {
    while (this.#running < DeviceGate.perDevice) {
      const w = this.#waiting.shift();
      if (!w) return;
      if (w.done) continue;
      w.done = true;
      for (const s of w.signals) s.removeEventListener('abort', w.onAbort);
      this.#running++;
      w.resolve();
    }
  }

  static readonly #gates = new Map<string, DeviceGate>();

  /** The cap in force (default 8, or `SGIO_WORKER_CALLS_PER_DEVICE`). */
  static #perDevice = perDeviceFromEnv(process.env.SGIO_WORKER_CALLS_PER_DEVICE);

  /** The most calls one device may have on the pool at once. */
  static get perDevice(): number {
    return DeviceGate.#perDevice;
  }

  /** Changes the cap; a raised cap lets calls already waiting go. */
  static setPerDevice(n: number): void {
    DeviceGate.#perDevice = n;
    for (const gate of DeviceGate.#gates.values()) gate.pump();
  }

  /** The gate of device `key`, shared by every fd of it; pair with {@link DeviceGate.put}. */
  static take(key: string): DeviceGate {
    let gate = DeviceGate.#gates.get(key);
    if (!gate) {
      gate = new DeviceGate(key);
      DeviceGate.#gates.set(key, gate);
    }
    gate.#users++;
    return gate;
  }

  /** Drops one user of the gate; the last one forgets it. */
  static put(gate: DeviceGate): void {
    if (--gate.#users === 0 && DeviceGate.#gates.get(gate.key) === gate) DeviceGate.#gates.delete(gate.key);
  }
}

function perDeviceFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 8;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1024) {
    throw new RangeError(`SGIO_WORKER_CALLS_PER_DEVICE must be an integer 1..1024, got ${JSON.stringify(value)}; unset it for the default of 8`);
  }
  return n;
}
