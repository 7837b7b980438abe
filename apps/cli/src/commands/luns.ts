/** `sgio luns`: REPORT LUNS (like sg_luns). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { numberOption } from '../common/parse-number.js';
import { runAction } from '../common/run-action.js';

/** Registers `luns`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('luns')
      .description('list the logical units of the target with REPORT LUNS (like sg_luns)')
      .argument('<device>', 'sg device node of any LUN of the target, e.g. /dev/sg0')
      .addOption(new Option('-s, --select <n>', 'SELECT REPORT: 0 addressable LUNs, 1 well-known, 2 all').argParser(numberOption('--select', 0xff)).default(0)),
  )
    .addHelpText('after', '\nJSON: { selectReport, lunListLength, luns: [{ hex, levels, linuxLun, wellKnown }], truncated }.')
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/luns.js')).luns, [device, opts], opts.verbose));
}
