/**
 * Progress of long work on stderr, one way for every subcommand: a
 * cli-progress bar on a terminal, or a line every few seconds when stderr
 * is not a terminal (a log file, a pipe), or nothing when the caller has no
 * line to print. `dd --progress`, `turs --progress --number N`, `format`,
 * `write-buffer` and `selftest --wait` use it.
 */
import cliProgress from 'cli-progress';
import { stderrStream } from './stdio.js';

/** Takes progress updates and draws them. */
export interface ProgressView<T> {
  /** Draws `value` (the bar at once, a line at most every {@link LINE_INTERVAL_MS}). */
  update(value: T): void;
  /** Removes the bar (before a summary is printed). */
  stop(): void;
}

/** What a progress view shows. */
export interface ProgressSpec<T> {
  /** The bar's cli-progress format: `{bar}`, `{percentage}`, `{value}`, `{total}`, `{eta_formatted}` and the tokens. */
  readonly format: string;
  /** The bar's total (0 when it is not known). */
  readonly total: number;
  /** The bar's tokens before the first update. */
  readonly startTokens?: Readonly<Record<string, string | number>>;
  /** The bar's value and tokens for an update. */
  readonly bar: (value: T) => readonly [number, Readonly<Record<string, string | number>>?];
  /** The line printed when stderr is not a terminal (none: nothing is printed there). */
  readonly line?: (value: T) => string;
  /** Print the first line at the first update rather than one interval after the start. */
  readonly firstLineAtOnce?: boolean;
}

/** Milliseconds between progress lines when stderr is not a terminal. */
export const LINE_INTERVAL_MS = 5_000;

/** A progress view on `stream` (stderr by default). */
export function progressView<T>(spec: ProgressSpec<T>, stream: NodeJS.WriteStream = stderrStream()): ProgressView<T> {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({ stream, format: spec.format, hideCursor: true, clearOnComplete: true, etaBuffer: 50, fps: 10 }, cliProgress.Presets.shades_classic);
    bar.start(spec.total, 0, spec.startTokens);
    return {
      update: (value) => {
        const [n, tokens] = spec.bar(value);
        bar.update(n, tokens);
      },
      stop: () => bar.stop(),
    };
  }
  const line = spec.line;
  if (!line) return { update: () => undefined, stop: () => undefined };
  let last = spec.firstLineAtOnce ? -Infinity : performance.now();
  return {
    update: (value) => {
      const now = performance.now();
      if (now - last < LINE_INTERVAL_MS) return;
      last = now;
      stream.write(`${line(value)}\n`);
    },
    stop: () => undefined,
  };
}

/** A progress view of a fraction (0..1; undefined: not reported yet), labelled `label` (format, write-buffer, selftest). */
export function fractionProgress(label: string, stream: NodeJS.WriteStream = stderrStream()): ProgressView<number | undefined> {
  return progressView<number | undefined>(
    {
      format: `${label} [{bar}] {percentage}%`,
      total: 100,
      bar: (f) => [f === undefined ? 0 : Math.floor(f * 100)],
      line: (f) => `${label}: ${f === undefined ? 'in progress' : `${(f * 100).toFixed(1)}% done`}`,
      firstLineAtOnce: true,
    },
    stream,
  );
}
