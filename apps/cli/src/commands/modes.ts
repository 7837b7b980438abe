/** `sgio modes`: MODE SENSE (like sg_modes). */
import type { Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

/** Registers `modes`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('modes')
      .description('show mode pages with MODE SENSE(10) (or (6)) (like sg_modes)')
      .argument('<device>', 'sg device node, e.g. /dev/sg0')
      .option('-p, --page <page>', 'page[,subpage] as numbers (0x08, 0x0a,0) or an acronym (rw, ca, co, ie, all); default all pages')
      .option('-c, --control <pc>', 'page control: current, changeable, default or saved (or 0..3)', 'current')
      .option('-6, --six', 'use MODE SENSE(6) instead of MODE SENSE(10)')
      .option('-d, --dbd', 'disable block descriptors (DBD)'),
  )
    .addHelpText('after', '\nJSON: { command, pageControl, header, blockDescriptors, pages: [{ pageCode, subpageCode, pageName, ps, spf, pageLength, ...fields, pageHex }], truncated }.')
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/modes.js')).modes, [device, opts], opts.verbose));
}
