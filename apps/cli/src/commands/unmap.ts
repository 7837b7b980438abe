/** `sgio unmap`: deallocate block ranges (TRIM) (like sg_unmap). */
import type { Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

/** Registers `unmap`. */
export function register(program: Command): void {
  const cmd = program
    .command('unmap')
    .description('send UNMAP: deallocate block ranges of a thin-provisioned device (like sg_unmap); the data is lost')
    .argument('<device>', 'sg device node, e.g. /dev/sg0')
    .option('-l, --lba <lba,...>', 'first LBA of each range, comma separated')
    .option('-n, --num <n,...>', 'blocks of each range, comma separated (one per --lba)')
    .option('-A, --all <ST,RN[,LA]>', 'ranges of RN blocks from LBA ST to the end of the device (or through LBA LA)')
    .option('-a, --anchor', 'ANCHOR: anchor the blocks instead of deallocating them')
    .option('-d, --dry-run', 'print the ranges and send nothing')
    .option('-f, --force', 'accepted for sg_unmap compatibility (sgio unmap never pauses to ask)');
  withCommonOptions(cmd, { hex: false })
    .addHelpText(
      'after',
      '\nUnlike sg_unmap it does not wait 15 seconds before a large unmap: check the ranges with --dry-run.\nPrints nothing on success (a line with -v). --json: {device, action, request: {ranges: [{lba, count}], anchor, dryRun}, commands: [{command, cdb, status, durationMs}], exitStatus}.',
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/unmap.js')).unmap, [device, opts], opts.verbose));
}
