/** `sgio opcodes`: REPORT SUPPORTED OPERATION CODES (like sg_opcodes). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { numberOption } from '../common/parse-number.js';
import { runAction } from '../common/run-action.js';

/** Registers `opcodes`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('opcodes')
      .description('list the commands the device supports with REPORT SUPPORTED OPERATION CODES (like sg_opcodes)')
      .argument('<device>', 'sg device node, e.g. /dev/sg0')
      .addOption(new Option('-o, --opcode <op>', 'describe one command: support, CDB usage mask (like sg_opcodes --opcode=OP)').argParser(numberOption('--opcode', 0xff)))
      .addOption(new Option('-s, --sa <sa>', 'with --opcode: its service action (like sg_opcodes --opcode=OP,SA)').argParser(numberOption('--sa', 0xffff)))
      .option('-T, --timeouts', 'also ask for command timeouts descriptors (RCTD)'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Names come from the command registry (plugins included), else the T10 opcode table.',
        'JSON: { commands: [{ opcode, serviceAction, cdbLength, name, id, rwcdlp, cdlp, timeouts }], truncated }.',
        'With --opcode: { opcode, serviceAction, name, id, support, supportName, supported, mlu, cdlp, cdbSize,',
        '  cdbUsageData, timeouts: { nominalTimeout, recommendedTimeout, commandSpecific } | null, truncated }.',
        'A device that rejects the question (e.g. --opcode of a command with service actions but no --sa)',
        'exits with status 5 (illegal request), like sg_opcodes.',
      ].join('\n'),
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/opcodes.js')).opcodes, [device, opts], opts.verbose));
}
