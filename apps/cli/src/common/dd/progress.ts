/**
 * `dd --progress`: blocks copied, rate and ETA (see `../progress-view.ts`:
 * a bar on a terminal, a line every few seconds otherwise).
 */
import { progressView, type ProgressView } from '../progress-view.js';
import type { CopyCounters } from './copy-loop.js';
import { stderrStream } from '../stdio.js';

/** dd's progress view: takes the copy counters after each transfer. */
export type DdProgressView = ProgressView<Readonly<CopyCounters>>;

/** A progress view for `totalBlocks` (undefined: unknown) blocks of `blockSize` bytes. */
export function createProgress(totalBlocks: number | undefined, blockSize: number, stream: NodeJS.WriteStream = stderrStream()): DdProgressView {
  const started = performance.now();
  const rate = (blocks: number): string => ((blocks * blockSize) / 1e6 / Math.max((performance.now() - started) / 1000, 1e-6)).toFixed(1);
  return progressView<Readonly<CopyCounters>>(
    {
      format: totalBlocks === undefined ? 'copying | {value} blocks | {rate} MB/s' : 'copying [{bar}] {percentage}% | {value}/{total} blocks | {rate} MB/s | ETA {eta_formatted}',
      total: totalBlocks ?? 0,
      startTokens: { rate: '0.0' },
      bar: (c) => [c.blocksOut, { rate: rate(c.blocksOut) }],
      line: (c) => `progress: ${c.blocksOut} blocks out${totalBlocks ? ` (${((100 * c.blocksOut) / totalBlocks).toFixed(1)}%)` : ''}, ${rate(c.blocksOut)} MB/s`,
    },
    stream,
  );
}
