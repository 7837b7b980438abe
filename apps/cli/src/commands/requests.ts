/** `sgio requests`: REQUEST SENSE (like sg_requests). */
import type { Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

/** Registers `requests`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('requests')
      .description('send REQUEST SENSE and decode the sense data (like sg_requests)')
      .argument('<device>', 'sg device node, e.g. /dev/sg0')
      .option('-d, --desc', 'ask for descriptor format sense data'),
  )
    .addHelpText('after', '\nJSON: { sense, category, categoryText }; sense uses the field names of @sgio/struct decodeSense.')
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/requests.js')).requests, [device, opts], opts.verbose));
}
