/** `sgio opcodes`: REPORT SUPPORTED OPERATION CODES (like sg_opcodes). */
import type { Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

/** Registers `opcodes`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('opcodes')
      .description('list the commands the device supports with REPORT SUPPORTED OPERATION CODES (like sg_opcodes)')
      .argument('<device>', 'sg device node, e.g. /dev/sg0')
      .option('-T, --timeouts', 'also ask for command timeouts descriptors (RCTD)'),
  )
    .addHelpText('after', '\nNames come from the command registry (plugins included), else the T10 opcode table.\nJSON: { commands: [{ opcode, serviceAction, cdbLength, name, id, rwcdlp, cdlp, timeouts }], truncated }.')
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/opcodes.js')).opcodes, [device, opts], opts.verbose));
}
