/** `sgio verify`: check blocks on the medium, or compare them with a file (like sg_verify). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { countOption } from '../common/numbers.js';
import { runAction } from '../common/run-action.js';

/** Registers `verify`. */
export function register(program: Command): void {
  const cmd = program
    .command('verify')
    .description('send VERIFY: check that blocks are readable, or with --in compare them with data (like sg_verify)')
    .argument('<device>', 'sg device node, e.g. /dev/sg0')
    .addOption(new Option('-l, --lba <lba>', 'first logical block to verify').argParser(countOption('--lba')).default(0))
    .addOption(new Option('-c, --count <n>', 'blocks to verify').argParser(countOption('--count')).default(1))
    .addOption(new Option('-b, --bpc <n>', 'blocks per VERIFY command').argParser(countOption('--bpc')).default(128))
    .option('-i, --in <file>', "compare the blocks with this file's data (BYTCHK=1; - for stdin); a difference ends with exit status 14")
    .option('-S, --sixteen', 'send VERIFY(16) (default (10), or (16) when the LBA or count needs it)')
    .option('-d, --dpo', 'DPO: do not keep the blocks in the device cache');
  withCommonOptions(cmd, { hex: false })
    .addHelpText(
      'after',
      '\nWithout --in the device only checks the medium (BYTCHK=0). Prints nothing on success (a line with -v).\n--json: {device, action, request, commands: [{command, cdb, status, durationMs}], exitStatus}. Exit status 14 on a miscompare, 3 on a medium error.',
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/verify.js')).verify, [device, opts], opts.verbose));
}
