/** `sgio sync`: SYNCHRONIZE CACHE(10) or (16) (like sg_sync). */
import { synchronizeCache10, synchronizeCache16 } from '@sgio/struct';
import { ControlReporter } from '../common/control-report.js';
import { runDefinition, withDevice } from '../common/device.js';
import type { CommonOptions } from '../common/global-options.js';

/** Options of `sync`. */
export interface SyncOptions extends CommonOptions {
  /** First LBA (default 0). */
  lba?: number;
  /** Blocks (default 0: to the end). */
  count?: number;
  /** Use SYNCHRONIZE CACHE(16). */
  sixteen?: boolean;
  /** IMMED: return before the flush completes. */
  immed?: boolean;
  /** Group number. */
  group?: number;
}

/** Runs `sync`. */
export async function sync(device: string, opts: SyncOptions): Promise<number> {
  const lba = opts.lba ?? 0;
  const count = opts.count ?? 0;
  const long = Boolean(opts.sixteen) || lba > 0xffffffff || count > 0xffff;
  const reporter = new ControlReporter(device, 'sync', { lba, count, cdbSize: long ? 16 : 10, immed: Boolean(opts.immed) }, opts);
  return withDevice(device, opts, async (session) => {
    const fields = { lba, numberOfBlocks: count, immed: Boolean(opts.immed), groupNumber: opts.group ?? 0 };
    reporter.add(long ? await runDefinition(session, synchronizeCache16, fields) : await runDefinition(session, synchronizeCache10, fields));
    return reporter.done(`synchronized the cache of ${device} (lba ${lba}, ${count === 0 ? 'to the end' : `${count} blocks`})`);
  });
}
