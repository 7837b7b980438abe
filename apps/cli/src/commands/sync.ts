/** `sgio sync`: flush the device's write cache (like sg_sync). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { countOption } from '../common/numbers.js';
import { runAction } from '../common/run-action.js';

/** Registers `sync`. */
export function register(program: Command): void {
  const cmd = program
    .command('sync')
    .description('send SYNCHRONIZE CACHE: write the cached data to the medium (like sg_sync)')
    .argument('<device>', 'sg device node, e.g. /dev/sg0')
    .addOption(new Option('-l, --lba <lba>', 'first logical block to flush').argParser(countOption('--lba')).default(0))
    .addOption(new Option('-c, --count <n>', 'blocks to flush; 0 means through the last block').argParser(countOption('--count')).default(0))
    .option('-S, --sixteen', 'send SYNCHRONIZE CACHE(16) (default (10), or (16) when the LBA or count needs it)')
    .option('-i, --immed', 'IMMED: the device answers before the flush is done')
    .addOption(new Option('-g, --group <n>', 'GROUP NUMBER field').argParser(countOption('--group')).default(0));
  withCommonOptions(cmd, { hex: false })
    .addHelpText('after', '\nPrints nothing on success (a line with -v). --json: {device, action, request, commands: [{command, cdb, status, durationMs}], exitStatus}.')
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/sync.js')).sync, [device, opts], opts.verbose));
}
