/** `sgio cmd`: any registry command, with options generated from its fields. */
import type { Command } from 'commander';
import { runAction } from '../common/run-action.js';

/** Registers `cmd`; its options are built when it runs, from the chosen definition. */
export function register(program: Command): void {
  program
    .command('cmd')
    .description('run any command of the registry (built-in or plugin) with --FIELD options; --dry-run prints the CDB; --list lists them')
    .usage('NAME [DEV] [--FIELD VALUE ...] [--dry-run] [--json] [-v] (sgio cmd NAME --help: its fields)')
    .argument('[words...]')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((_words: string[], _opts: object, command: Command) => runAction(async () => (await import('../actions/cmd.js')).cmd, [command.args]));
}
