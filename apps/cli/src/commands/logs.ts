/** `sgio logs`: LOG SENSE (like sg_logs). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { numberOption } from '../common/parse-number.js';
import { runAction } from '../common/run-action.js';

/** Registers `logs`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('logs')
      .description('show a log page with LOG SENSE; by default the list of supported pages (like sg_logs)')
      .argument('<device>', 'sg device node, e.g. /dev/sg0')
      .option('-p, --page <page>', 'page[,subpage] as numbers (0x0d, 0x0d,0) or an acronym (sp, temp, ie, sscc, str, ...)')
      .option('-a, --all', 'show every supported page')
      .addOption(new Option('-c, --control <pc>', 'page control 0..3 (0 current threshold, 1 current cumulative, 2 default threshold, 3 default cumulative)').argParser(numberOption('--control', 3)).default(1)),
  )
    .addHelpText('after', '\nJSON: the decoded page { pageCode, subpageCode, pageName, ds, spf, pageLength, parameters: [...], ... }, or { pages } with --all.')
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/logs.js')).logs, [device, opts], opts.verbose));
}
