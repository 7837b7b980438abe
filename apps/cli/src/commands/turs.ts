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
      .option('-p, --progress', 'poll until the unit is ready, printing the progress indication of NOT READY sense (format, sanitize); with --number N > 1 on a terminal, a progress bar instead'),
    { hex: false },
  )
    .addHelpText(
      'after',
      [
        '',
        '--progress with --number N (N > 1) when stderr is a terminal: sends the N commands under a progress bar on',
        'stderr (done/total, commands per second, errors so far), then prints the last error, if any, and the summary.',
        'When stderr is not a terminal (or without --number) --progress polls until ready as described above.',
        '',
        'Exit status: 0 when every command succeeded, else the status of the last failure (2 not ready, 6 unit attention, ...).',
      ].join('\n'),
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/turs.js')).turs, [device, opts], opts.verbose));
}
