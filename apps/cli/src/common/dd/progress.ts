/**
 * `--progress`: a bar with rate and ETA on a terminal (cli-progress, on
 * stderr), or a line every few seconds when stderr is not a terminal.
 */
import cliProgress from 'cli-progress';
import type { CopyCounters } from './copy-loop.js';

/** Receives counter updates and draws them. */
export interface ProgressView {
  /** Called after each transfer. */
  update(counters: Readonly<CopyCounters>): void;
  /** Removes the bar (before the summary is printed). */
  stop(): void;
}

/** Seconds between progress lines when stderr is not a terminal. */
const LINE_INTERVAL_MS = 5_000;

/** A progress view for `totalBlocks` (undefined: unknown) blocks of `blockSize` bytes. */
export function createProgress(totalBlocks: number | undefined, blockSize: number, stream: NodeJS.WriteStream = process.stderr): ProgressView {
  const started = performance.now();
  const rate = (blocks: number): number => (blocks * blockSize) / 1e6 / Math.max((performance.now() - started) / 1000, 1e-6);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: totalBlocks === undefined ? 'copying | {value} blocks | {rate} MB/s' : 'copying [{bar}] {percentage}% | {value}/{total} blocks | {rate} MB/s | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(totalBlocks ?? 0, 0, { rate: '0.0' });
    return {
      update: (c) => bar.update(c.blocksOut, { rate: rate(c.blocksOut).toFixed(1) }),
      stop: () => bar.stop(),
    };
  }
  let last = started;
  return {
    update: (c) => {
      const now = performance.now();
      if (now - last < LINE_INTERVAL_MS) return;
      last = now;
      const pct = totalBlocks ? ` (${((100 * c.blocksOut) / totalBlocks).toFixed(1)}%)` : '';
      stream.write(`progress: ${c.blocksOut} blocks out${pct}, ${rate(c.blocksOut).toFixed(1)} MB/s\n`);
    },
    stop: () => undefined,
  };
}
