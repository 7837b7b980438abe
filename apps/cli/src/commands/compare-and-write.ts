/** `sgio compare-and-write`: atomic compare-and-swap of blocks (like sg_compare_and_write). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { countOption } from '../common/numbers.js';
import { runAction } from '../common/run-action.js';

/** Registers `compare-and-write`. */
export function register(program: Command): void {
  const cmd = program
    .command('compare-and-write')
    .description('send COMPARE AND WRITE: write blocks only if they still hold the expected data, atomically (like sg_compare_and_write)')
    .argument('<device>', 'sg device node, e.g. /dev/sg0')
    .addOption(new Option('-l, --lba <lba>', 'first logical block').argParser(countOption('--lba')).makeOptionMandatory())
    .addOption(new Option('-n, --num <n>', 'blocks to compare and write (1..255, and at most the device\'s MAXIMUM COMPARE AND WRITE LENGTH)').argParser(countOption('--num')).default(1))
    .requiredOption('-i, --in <file>', 'the expected data followed by the new data (2 x NUM blocks); with --inw only the expected data (NUM blocks); - for stdin')
    .option('-D, --inw <file>', 'the new data (NUM blocks), when --in holds only the expected data')
    .option('-f, --fua', 'FUA: write through to the medium before completing')
    .option('-d, --dpo', 'DPO: do not keep the blocks in the device cache');
  withCommonOptions(cmd, { hex: false })
    .addHelpText(
      'after',
      [
        '',
        'The device compares its blocks at --lba with the expected data and writes the new data only if they are equal, as one',
        'uninterrupted operation: the test-and-set primitive cluster locks use. The block size comes from READ CAPACITY',
        '(sg_compare_and_write assumes 512 unless given --xferlen).',
        '',
        'Exit status 14 when the blocks differ (MISCOMPARE; nothing was written; the offset of the first differing byte is',
        'printed), 3 on a medium error, 5 when the device does not support the command.',
        '--json: {device, action, request, commands: [{command, cdb, status, durationMs}], exitStatus}.',
        '',
        'Example: sgio compare-and-write /dev/sg1 --lba 0 --in old.bin --inw new.bin',
      ].join('\n'),
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/compare-and-write.js')).compareAndWriteCommand, [device, opts], opts.verbose));
}
