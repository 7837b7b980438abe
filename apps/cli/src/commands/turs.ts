/** `sgio turs`: TEST UNIT READY, possibly repeated (like sg_turs). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { numberOption } from '../common/parse-number.js';
import { runAction } from '../common/run-action.js';

/** Registers `turs`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('turs')
      .alias('tur')
      .description('send TEST UNIT READY, N times; report errors and the rate (like sg_turs)')
      .argument('<device>', 'sg device node, e.g. /dev/sg0')
      .addOption(new Option('-n, --number <n>', 'number of commands to send').argParser(numberOption('--number')).default(1))
      .option('-p, --progress', 'poll until the unit is ready, printing the progress indication of NOT READY sense (format, sanitize)'),
    { hex: false },
  )
    .addHelpText('after', '\nExit status: 0 when every command succeeded, else the status of the last failure (2 not ready, 6 unit attention, ...).')
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/turs.js')).turs, [device, opts], opts.verbose));
}
