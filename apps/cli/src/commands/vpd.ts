/** `sgio vpd`: every VPD page the device lists, or one (like sg_vpd). */
import type { Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

/** Registers `vpd`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('vpd')
      .description('all vital product data pages the device lists in page 0x00, or one with --page (like sg_vpd)')
      .argument('<device>', 'sg device node, e.g. /dev/sg0')
      .option('-p, --page <page>', 'only this page: a number (0xb0, b0h) or an acronym (sv, sn, di, ei, bl, bdc, lbpv, ...)'),
  )
    .addHelpText('after', '\nJSON: { pages: [...] } with every decoded page, or the one page with --page.')
    .action((device: string, opts: CommonOptions & { page?: string }) => runAction(async () => (await import('../actions/vpd.js')).vpd, [device, opts], opts.verbose));
}
