/** `sgio unmap`: UNMAP block ranges (like sg_unmap). */
import { encodeUnmapList, MAX_UNMAP_DESCRIPTORS, type BlockRange } from '@sgio/core';
import { unmap as unmapCdb } from '@sgio/struct';
import { ControlReporter } from '../common/control-report.js';
import { runDefinition, withDevice } from '../common/device.js';
import { CliError } from '../common/cli-error.js';
import { timeoutMs, type CommonOptions } from '../common/global-options.js';
import { parseCountList } from '../common/numbers.js';
import { stdout } from '../common/stdio.js';

/** Options of `unmap`. */
export interface UnmapCommandOptions extends CommonOptions {
  /** Comma-separated start LBAs. */
  lba?: string;
  /** Comma-separated block counts, one per LBA. */
  num?: string;
  /** `ST,RN[,LA]`: from ST, RN blocks per range, to the end (or LBA LA). */
  all?: string;
  /** ANCHOR bit. */
  anchor?: boolean;
  /** Print the ranges, send nothing. */
  dryRun?: boolean;
}

/** The ranges the options ask for (`capacity` is needed only for --all without a last LBA). */
export function unmapRanges(opts: UnmapCommandOptions, capacity: () => Promise<number>): Promise<BlockRange[]> | BlockRange[] {
  if (opts.all !== undefined) {
    if (opts.lba !== undefined || opts.num !== undefined) throw new CliError('give --all or --lba/--num, not both');
    const [start, per, last] = parseCountList(opts.all, '--all');
    if (start === undefined || per === undefined || per === 0) throw new CliError('--all expects ST,RN[,LA] with RN > 0');
    const build = (end: number): BlockRange[] => {
      const out: BlockRange[] = [];
      for (let lba = start; lba <= end; lba += per) out.push({ lba, count: Math.min(per, end - lba + 1) });
      return out;
    };
    return last !== undefined ? build(last) : capacity().then((blocks) => build(blocks - 1));
  }
  if (opts.lba === undefined || opts.num === undefined) throw new CliError('give --lba and --num (comma-separated lists of equal length), or --all');
  const lbas = parseCountList(opts.lba, '--lba');
  const nums = parseCountList(opts.num, '--num');
  if (lbas.length !== nums.length) throw new CliError(`--lba has ${lbas.length} entries and --num ${nums.length}; give one count per LBA`);
  return lbas.map((lba, i) => ({ lba, count: nums[i]! }));
}

/** Runs `unmap`. */
export async function unmap(device: string, opts: UnmapCommandOptions): Promise<number> {
  return withDevice(device, opts, async (session) => {
    const ranges = await unmapRanges(opts, async () => Number((await session.device.readCapacity({ timeout: timeoutMs(opts) })).blocks));
    const reporter = new ControlReporter(device, 'unmap', { ranges: ranges.map((r) => ({ lba: Number(r.lba), count: r.count })), anchor: Boolean(opts.anchor), dryRun: Boolean(opts.dryRun) }, opts);
    if (opts.dryRun) {
      if (!opts.json) for (const r of ranges) stdout.write(`would unmap lba ${r.lba}, ${r.count} blocks\n`);
      return reporter.done('dry run: nothing sent');
    }
    for (let i = 0; i < ranges.length; i += MAX_UNMAP_DESCRIPTORS) {
      const list = encodeUnmapList(ranges.slice(i, i + MAX_UNMAP_DESCRIPTORS));
      reporter.add(await runDefinition(session, unmapCdb, { parameterListLength: list.length, anchor: Boolean(opts.anchor) }, { data: list }));
    }
    return reporter.done(`unmapped ${ranges.length} range(s) of ${device}`);
  });
}
