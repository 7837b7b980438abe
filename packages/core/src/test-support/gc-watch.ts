/**
 * Forced garbage collection and a watch on which objects were collected,
 * for tests that prove memory handed to the kernel stays reachable.
 * `--expose-gc` is switched on at run time, so no runner flag is needed.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gcFunction = runInNewContext('gc') as (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

/** Runs full garbage collections and lets finalizers run in between. */
export async function collectGarbage(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    gcFunction();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}

/** Records which watched objects the collector has freed. */
export class GcWatch {
  readonly #collected = new Set<string>();
  readonly #registry = new FinalizationRegistry<string>((label) => this.#collected.add(label));

  /** Watches `target` under `label`; returns it. */
  watch<T extends object>(target: T, label: string): T {
    this.#registry.register(target, label);
    return target;
  }

  /** The labels of watched objects collected so far. */
  get collected(): readonly string[] {
    return [...this.#collected].sort();
  }
}
