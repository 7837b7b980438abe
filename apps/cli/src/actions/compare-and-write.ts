/** `sgio compare-and-write`: core's COMPARE AND WRITE flow with sg_compare_and_write's inputs. */
import { COMPARE_AND_WRITE_MAX_BLOCKS, compareAndWriteFlow } from '@sgio/core';
import { CliError } from '../common/cli-error.js';
import { ControlReporter } from '../common/control-report.js';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { readInputFile } from '../common/input-file.js';
import { ExitCode } from '../common/exit-codes.js';
import type { CommonOptions } from '../common/global-options.js';

/** Options of `compare-and-write`. */
export interface CompareAndWriteCommandOptions extends CommonOptions {
  /** First LBA. */
  lba?: number;
  /** Blocks compared and written. */
  num?: number;
  /** Expected data, followed by the new data unless `inw` is given. */
  in?: string;
  /** The new data. */
  inw?: string;
  /** FUA. */
  fua?: boolean;
  /** DPO. */
  dpo?: boolean;
}

/** Runs `compare-and-write`; a miscompare ends with exit status 14 and the offset of the first differing byte. */
export async function compareAndWriteCommand(device: string, opts: CompareAndWriteCommandOptions): Promise<number> {
  const lba = opts.lba ?? 0;
  const num = opts.num ?? 1;
  if (num < 1 || num > COMPARE_AND_WRITE_MAX_BLOCKS) throw new CliError(`--num must be 1..${COMPARE_AND_WRITE_MAX_BLOCKS} (NUMBER OF LOGICAL BLOCKS is one byte)`);
  if (opts.in === undefined) throw new CliError('--in is required: the expected data (and the new data unless --inw gives it)');
  if (opts.in === '-' && opts.inw === '-') throw new CliError('--in and --inw cannot both be stdin');
  const input = readInputFile(opts.in);
  const written = opts.inw === undefined ? undefined : readInputFile(opts.inw);
  const reporter = new ControlReporter(device, 'compare-and-write', { lba, blocks: num, in: opts.in, inw: opts.inw ?? null, fua: Boolean(opts.fua), dpo: Boolean(opts.dpo) }, opts);
  return withDevice(device, opts, async (session) => {
    const blockSize = (await session.device.readCapacity(flowOptions(session))).blockSize;
    const bytes = num * blockSize;
    const need = written === undefined ? 2 * bytes : bytes;
    if (input.length < need) {
      throw new CliError(`${opts.in} holds ${input.length} bytes; ${num} blocks of ${blockSize} bytes need ${need}${written === undefined ? ' (the expected data, then the new data)' : ''}`, ExitCode.FILE_ERROR);
    }
    if (written !== undefined && written.length < bytes) throw new CliError(`${opts.inw!} holds ${written.length} bytes; ${num} blocks of ${blockSize} bytes need ${bytes}`, ExitCode.FILE_ERROR);
    const expected = input.subarray(0, bytes);
    const replacement = written === undefined ? input.subarray(bytes, 2 * bytes) : written.subarray(0, bytes);
    const flow = compareAndWriteFlow(lba, expected, replacement, blockSize, { ...flowOptions(session), fua: Boolean(opts.fua), dpo: Boolean(opts.dpo) });
    reporter.add(await runFlow(session, flow));
    return reporter.done(`compared and wrote ${num} blocks of ${device} at lba ${lba}`);
  });
}
