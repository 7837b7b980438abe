/** `sgio write-same`: WRITE SAME(10)/(16) (like sg_write_same). */
import { fitsCdb10 } from '@sgio/core';
import { writeSame10, writeSame16 } from '@sgio/struct';
import { ControlReporter } from '../common/control-report.js';
import { runDefinition, withDevice } from '../common/device.js';
import { ExitCode } from '../common/exit-codes.js';
import { readInputFile } from '../common/input-file.js';
import { CliError } from '../common/cli-error.js';
import { timeoutMs, type CommonOptions } from '../common/global-options.js';

/** Options of `write-same`. */
export interface WriteSameCommandOptions extends CommonOptions {
  /** First LBA. */
  lba?: number;
  /** Blocks to write. */
  num?: number;
  /** File holding the block to replicate (its first block-size bytes). */
  in?: string;
  /** Fill the block with 0xff instead of zeros. */
  ff?: boolean;
  /** Force WRITE SAME(10). */
  ten?: boolean;
  /** Force WRITE SAME(16). */
  sixteen?: boolean;
  /** UNMAP bit. */
  unmap?: boolean;
  /** ANCHOR bit. */
  anchor?: boolean;
  /** NDOB: no data-out buffer (zeros), WRITE SAME(16) only. */
  ndob?: boolean;
}

/** Runs `write-same`. */
export async function writeSame(device: string, opts: WriteSameCommandOptions): Promise<number> {
  const lba = opts.lba ?? 0;
  const num = opts.num ?? 1;
  if (opts.ten && opts.sixteen) throw new CliError('give --10 or --16, not both');
  if (opts.ndob && opts.ten) throw new CliError('NDOB exists only in WRITE SAME(16): drop --10');
  if (opts.ndob && (opts.in !== undefined || opts.ff)) throw new CliError('--ndob sends no data: drop --in/--ff');
  // like sg_write_same: (10) unless --unmap, --ndob, or the range needs (16)
  const long = !opts.ten && (Boolean(opts.sixteen) || Boolean(opts.unmap) || Boolean(opts.ndob) || !fitsCdb10(BigInt(lba), num));
  if (opts.ten && !fitsCdb10(BigInt(lba), num)) throw new CliError(`WRITE SAME(10) cannot address LBA ${lba} with ${num} blocks; drop --10`);
  const reporter = new ControlReporter(device, 'write-same', { lba, blocks: num, cdbSize: long ? 16 : 10, unmap: Boolean(opts.unmap), ndob: Boolean(opts.ndob), source: opts.in ?? (opts.ff ? '0xff' : 'zeros') }, opts);
  return withDevice(device, opts, async (session) => {
    const fields = { lba, numberOfBlocks: num, unmap: Boolean(opts.unmap), anchor: Boolean(opts.anchor) };
    if (opts.ndob) {
      reporter.add(await runDefinition(session, writeSame16, { ...fields, ndob: true }));
    } else {
      const blockSize = (await session.device.readCapacity({ timeout: timeoutMs(opts) })).blockSize;
      const block = new Uint8Array(blockSize).fill(opts.ff ? 0xff : 0);
      if (opts.in !== undefined) {
        const content = readInputFile(opts.in);
        if (content.length < blockSize) throw new CliError(`${opts.in} holds ${content.length} bytes; WRITE SAME needs one block of ${blockSize}`, ExitCode.FILE_ERROR);
        block.set(content.subarray(0, blockSize));
      }
      const extra = { data: block, blockSize };
      reporter.add(long ? await runDefinition(session, writeSame16, fields, extra) : await runDefinition(session, writeSame10, fields, extra));
    }
    return reporter.done(`wrote the same block to ${num} blocks of ${device} from lba ${lba}`);
  });
}
