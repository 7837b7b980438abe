/** `sgio write-same`: write one block over a range, or unmap it (like sg_write_same). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { countOption } from '../common/numbers.js';
import { runAction } from '../common/run-action.js';

/** Registers `write-same`. */
export function register(program: Command): void {
  const cmd = program
    .command('write-same')
    .description('send WRITE SAME: write one block of data to every block of a range, or unmap them (like sg_write_same)')
    .argument('<device>', 'sg device node, e.g. /dev/sg0')
    .addOption(new Option('-l, --lba <lba>', 'first logical block').argParser(countOption('--lba')).default(0))
    .addOption(new Option('-n, --num <n>', 'blocks to write (0 may mean "to the end" on some devices)').argParser(countOption('--num')).default(1))
    .option('-i, --in <file>', 'take the block from this file (its first block-size bytes; - for stdin); default zeros')
    .option('-f, --ff', 'use a block of 0xff bytes instead of zeros')
    .option('-R, --ten', 'send WRITE SAME(10) (the default unless --unmap, --ndob or the range needs (16))')
    .option('-S, --sixteen', 'send WRITE SAME(16)')
    .option('-U, --unmap', 'UNMAP: let a thin-provisioned device deallocate the blocks')
    .option('-a, --anchor', 'ANCHOR: anchor the blocks (with --unmap)')
    .option('-N, --ndob', 'NDOB: send no data; the device writes zeros (WRITE SAME(16))');
  withCommonOptions(cmd, { hex: false })
    .addHelpText('after', '\nPrints nothing on success (a line with -v). --json: {device, action, request, commands: [{command, cdb, status, durationMs}], exitStatus}.')
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/write-same.js')).writeSame, [device, opts], opts.verbose));
}
