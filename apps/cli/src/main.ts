/**
 * The `sgio` program: sg3_utils-style SCSI utilities over @sgio/core.
 */
import { Command } from 'commander';
import { infoCommands } from './commands/info-commands.js';
import { ioCommands } from './commands/io-commands.js';
import { registerAll, subcommandsFor, type Subcommand } from './commands/subcommand.js';
import { CliError } from './common/cli-error.js';
import { pluginFlags } from './common/plugins.js';
import { VERSION } from './version.js';
import { stderr, stdout } from './common/stdio.js';

/** Every subcommand, in help order. */
export const subcommands: readonly Subcommand[] = [...infoCommands, ...ioCommands];

/**
 * Builds the program (exported for tests). Given the arguments, it loads and
 * registers only what they need (see {@link subcommandsFor}): `sgio NAME ...`
 * builds that subcommand alone, without the other subcommands' modules,
 * options and help texts; without arguments it registers every subcommand.
 * @param args - the arguments after node and the script
 */
export async function buildProgram(args?: readonly string[]): Promise<Command> {
  const program = new Command('sgio')
    .description('SCSI commands through the Linux sg driver, like sg3_utils, with JSON output')
    .version(VERSION, '-V, --version')
    .option('--plugin <module>', 'load a third-party command pack (repeatable; also SGIO_PLUGINS and the config file)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) })
    .exitOverride();
  await registerAll(program, args ? subcommandsFor(subcommands, args) : subcommands);
  program.addHelpText(
    'after',
    `
Exit status (as sg3_utils): 0 ok, 1 syntax error, 2 not ready, 3 medium or
hardware error, 5 illegal request, 6 unit attention, 7 data protect, 9 invalid
opcode, 11 aborted command, 14 miscompare, 15 file error, 22 LBA out of range,
24 reservation conflict, 26 busy, 27 task set full, 33 timeout,
35 transport error, 97 malformed response, 99 other.

Plugins: --plugin MODULE, SGIO_PLUGINS=mod1,mod2, or {"plugins": [...]} in
$SGIO_CONFIG or ~/.config/sgio/config.json.`,
  );
  return program;
}

/** Runs the program with `argv` (process.argv form). */
export async function main(argv: readonly string[]): Promise<void> {
  const program = await buildProgram(argv.slice(2));
  if (pluginFlags(argv.slice(2)).length > 0 || process.env.SGIO_PLUGINS) {
    // plugins extend the registry before `cmd`, `decode-cdb` and help use it
    const { loadAllPlugins, commandRegistry } = await import('./common/registry.js');
    try {
      await loadAllPlugins(pluginFlags(argv.slice(2)));
      const builtIn = new Set(['spc', 'sbc', 'ssc', 'ata']);
      const packs = commandRegistry()
        .packs()
        .filter((p) => !builtIn.has(p.name));
      if (packs.length > 0) {
        program.addHelpText(
          'after',
          `\nPlugin commands (sgio cmd NAME --help):\n${packs.map((p) => `  ${p.name}: ${p.commands.map((c) => c.id).join(', ')}`).join('\n')}`,
        );
      }
    } catch (e) {
      const { reportError } = await import('./common/fail.js');
      process.exitCode = reportError(e);
      return;
    }
  }
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      process.exitCode = 0;
      return;
    }
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) {
      process.exitCode = 1;
      return;
    }
    if (e instanceof CliError) {
      // an option's value refused while commander parses it (a number that is not one, ...): a usage error
      stderr.write(`sgio: ${e.message}\n(run with --help for usage)\n`);
      process.exitCode = e.exitCode;
      return;
    }
    throw e;
  }
}
