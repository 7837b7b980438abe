/** `sgio verify`: VERIFY(10)/(16), a medium check or a byte comparison (like sg_verify). */
import { fitsCdb10 } from '@sgio/core';
import { verify10, verify16 } from '@sgio/struct';
import { ControlReporter } from '../common/control-report.js';
import { runDefinition, withDevice } from '../common/device.js';
import { ExitCode } from '../common/exit-codes.js';
import { readInputFile } from '../common/input-file.js';
import { CliError } from '../common/cli-error.js';
import type { CommonOptions } from '../common/global-options.js';

/** Options of `verify`. */
export interface VerifyCommandOptions extends CommonOptions {
  /** First LBA. */
  lba?: number;
  /** Blocks to verify. */
  count?: number;
  /** Blocks per VERIFY command. */
  bpc?: number;
  /** Force VERIFY(16). */
  sixteen?: boolean;
  /** Compare with this file's data (BYTCHK 1). */
  in?: string;
  /** DPO. */
  dpo?: boolean;
}

/** Runs `verify`; a miscompare ends with exit status 14. */
export async function verify(device: string, opts: VerifyCommandOptions): Promise<number> {
  const lba = opts.lba ?? 0;
  const count = opts.count ?? 1;
  const bpc = opts.bpc ?? 128;
  if (bpc < 1) throw new CliError('--bpc must be at least 1');
  const reporter = new ControlReporter(device, 'verify', { lba, count, blocksPerCommand: bpc, compare: opts.in ?? null }, opts);
  return withDevice(device, opts, async (session) => {
    let data: Uint8Array | undefined;
    let blockSize = 0;
    if (opts.in !== undefined) {
      blockSize = (await session.device.readCapacity({ timeout: (opts.timeout ?? 60) * 1000 })).blockSize;
      data = readInputFile(opts.in);
      if (data.length < count * blockSize) throw new CliError(`${opts.in} holds ${data.length} bytes; verifying ${count} blocks of ${blockSize} bytes needs ${count * blockSize}`, ExitCode.FILE_ERROR);
    }
    for (let done = 0; done < count; ) {
      const n = Math.min(bpc, count - done);
      const at = lba + done;
      const fields = { lba: at, verificationLength: n, bytchk: data ? 1 : 0, dpo: Boolean(opts.dpo) };
      const extra = data ? { data: data.subarray(done * blockSize, (done + n) * blockSize), blockSize } : {};
      const long = Boolean(opts.sixteen) || !fitsCdb10(BigInt(at), n);
      reporter.add(long ? await runDefinition(session, verify16, fields, extra) : await runDefinition(session, verify10, fields, extra));
      done += n;
    }
    return reporter.done(`verified ${count} blocks of ${device} from lba ${lba}${data ? ` against ${opts.in}` : ''}`);
  });
}
