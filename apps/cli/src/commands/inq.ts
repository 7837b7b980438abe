/** `sgio inq`: standard INQUIRY or one VPD page (like sg_inq). */
import type { Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

/** Registers `inq`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('inq')
      .alias('inquiry')
      .description('standard INQUIRY data, or one VPD page with --page (like sg_inq)')
      .argument('<device>', 'sg device node, e.g. /dev/sg0')
      .option('-p, --page <page>', 'VPD page to show instead: a number (0x83, 83h, 131) or an acronym (sv, sn, di, ei, bl, bdc, lbpv, ...)'),
  )
    .addHelpText('after', '\nJSON: the standard INQUIRY fields plus unitSerialNumber (see apps/cli/README.md, "inq"); with --page, the decoded VPD page.')
    .action((device: string, opts: CommonOptions & { page?: string }) => runAction(async () => (await import('../actions/inq.js')).inq, [device, opts], opts.verbose));
}
