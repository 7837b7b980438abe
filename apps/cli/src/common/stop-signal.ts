/**
 * SIGTERM and SIGINT for the serving commands (`sgio target`, `sgio nbd`):
 * listen before the command says it serves. A supervisor (or a test) that
 * sends SIGTERM as soon as it reads "serving" would otherwise find no
 * handler yet, and the kernel's default action ends the process at once:
 * no clean stop, no counters, a backstore left behind. Measured in the lab:
 * `sgio target` killed that way about once in three CI runs.
 */

/** A stop request being listened for. */
export interface StopSignal {
  /** Resolves with the first SIGTERM or SIGINT received since {@link listenForStop}. */
  readonly received: Promise<NodeJS.Signals>;
  /** Stops listening (the process's default action applies again). */
  dispose(): void;
}

/** Starts listening for SIGTERM and SIGINT now. */
export function listenForStop(): StopSignal {
  let resolve!: (signal: NodeJS.Signals) => void;
  const received = new Promise<NodeJS.Signals>((r) => (resolve = r));
  const stop = (signal: NodeJS.Signals): void => {
    dispose();
    resolve(signal);
  };
  const dispose = (): void => {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return { received, dispose };
}
