/** `sgio readcap`: capacity and block size (like sg_readcap). */
import type { Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

/** Registers `readcap`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('readcap')
      .description('last LBA, block size and capacity: READ CAPACITY(10), or (16) when needed (like sg_readcap)')
      .argument('<device>', 'sg device node of a disk, e.g. /dev/sg0')
      .option('--16', 'use READ CAPACITY(16): also protection, provisioning and physical block fields')
      .option('-l, --long', 'same as --16 (sg_readcap spelling)'),
  )
    .addHelpText('after', '\nREAD CAPACITY(10) moves to (16) by itself when the capacity does not fit 32 bits.')
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/readcap.js')).readcap, [device, opts], opts.verbose));
}
