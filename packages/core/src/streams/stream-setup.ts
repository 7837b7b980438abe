/**
 * What the read and the write stream do alike before their first command:
 * tie the stream to the caller's AbortSignal, resolve block size and range
 * against the device (READ CAPACITY when they are not known), prepare the
 * reserved-buffer mapping for mmap-ed IO, and build the command options.
 */
import type { ReadBlocksOptions } from '../commands/command-options.js';
import type { BlockIo } from './block-io-device.js';
import { ensureReservedMapping, mappedLimit } from './reserved-buffer.js';
import { resolveStream, type BlockStreamOptions, type ResolvedStream } from './stream-options.js';

/** Destroys `stream` when `signal` aborts (at once if it already has). */
export function destroyOnAbort(stream: { destroy(error: Error): unknown }, signal: AbortSignal | undefined): void {
  if (!signal) return;
  const reason = (): Error => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  if (signal.aborted) queueMicrotask(() => stream.destroy(reason()));
  else signal.addEventListener('abort', () => stream.destroy(reason()), { once: true });
}

/** A stream's resolved plan and the options its block commands run with. */
export interface StreamSetUp {
  /** Block size, range, transfer size and depth. */
  readonly plan: ResolvedStream;
  /** Options shared by every READ or WRITE of the stream. */
  readonly commandOptions: ReadBlocksOptions;
}

/** Resolves a stream's plan against `device` and builds its command options. */
export async function setUpStream(device: BlockIo, o: BlockStreamOptions, signal: AbortSignal): Promise<StreamSetUp> {
  let blockSize = o.blockSize ?? device.cachedCapacity?.blockSize;
  let blocks = device.cachedCapacity?.blocks;
  if (blockSize === undefined || (o.end === undefined && blocks === undefined)) {
    const capacity = await device.readCapacity();
    blockSize ??= capacity.blockSize;
    blocks = capacity.blocks;
  }
  const plan = resolveStream(o, blockSize, o.end === undefined ? blocks : undefined, o.mode === 'mmap' ? mappedLimit(device) : Infinity);
  if (plan.mode === 'mmap') ensureReservedMapping(device, plan.blocksPerTransfer * plan.blockSize);
  return {
    plan,
    commandOptions: {
      blockSize: plan.blockSize,
      transfer: plan.mode,
      signal,
      ...(o.cdbSize !== undefined ? { cdbSize: o.cdbSize } : {}),
      ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
      ...(o.retry !== undefined ? { retry: o.retry } : {}),
      ...(o.senseLength !== undefined ? { senseLength: o.senseLength } : {}),
      ...(o.queueAt !== undefined ? { queueAt: o.queueAt } : {}),
    },
  };
}
