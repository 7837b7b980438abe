/**
 * `sgio cmd NAME [DEV] --FIELD VALUE ... [--dry-run]`: any command of the
 * registry (built-in or from a plugin), with options generated from its
 * field metadata.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import type { CdbDefinition } from '@sgio/struct';
import { dataOf, runDefinition, withDevice } from '../common/device.js';
import { ExitCode } from '../common/exit-codes.js';
import { CliError } from '../common/cli-error.js';
import { fieldOptions, fieldValues } from '../common/field-options.js';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { hexDump, printJson, toHex } from '../common/output.js';
import { exitStatusOf, outcomeJson, outcomeText } from '../common/outcome.js';
import { numberOption } from '../common/parse-number.js';
import { commandRegistry } from '../common/registry.js';
import { hex } from '../common/text.js';
import { stderr, stdout } from '../common/stdio.js';

/** Options `cmd` adds to the generated field options. */
interface CmdOptions extends CommonOptions {
  dryRun?: boolean;
  send?: string;
  outfile?: string;
  blockSize?: number;
  [field: string]: unknown;
}

/** Removes `--plugin X` / `--plugin=X` (the program handles them before `cmd` runs). */
function withoutPluginFlags(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '--plugin') i++;
    else if (!words[i]!.startsWith('--plugin=')) out.push(words[i]!);
  }
  return out;
}

/** The commands of the registry, one line each, grouped by pack. */
export function commandListText(): string {
  const registry = commandRegistry();
  const lines: string[] = [];
  const listed = new Set<string>();
  const idWidth = Math.max(28, ...registry.list().map((d) => d.id.length));
  const nameWidth = Math.max(36, ...registry.list().map((d) => d.name.length));
  for (const pack of registry.packs()) {
    lines.push(`${pack.name}${pack.description ? ` — ${pack.description}` : ''}:`);
    for (const d of pack.commands) {
      listed.add(d.id);
      lines.push(`  ${d.id.padEnd(idWidth)} ${d.name.padEnd(nameWidth)} ${hex(d.opcode)}${d.serviceAction === undefined ? '' : `/${hex(d.serviceAction)}`}`.trimEnd());
    }
  }
  const loose = registry.list().filter((d) => !listed.has(d.id));
  if (loose.length) lines.push('other:', ...loose.map((d) => `  ${d.id.padEnd(idWidth)} ${d.name}`));
  return lines.join('\n');
}

function overviewText(): string {
  return [
    'Usage: sgio cmd NAME [DEV] [--FIELD VALUE ...] [--dry-run] [options]',
    '',
    'Runs any command of the registry (built-in packs and plugins) with options',
    'generated from its field definitions. NAME is the id (read16), its kebab',
    'form (read-16) or the T10 name (READ(16)).',
    '',
    '  sgio cmd --list                 list the commands',
    '  sgio cmd read16 --help          the fields of READ(16) as options',
    '  sgio cmd read16 --lba 8 --dry-run     print the CDB without a device',
    '  sgio cmd inquiry /dev/sg0 --evpd --page-code 0x80',
    '',
    'Plugins add commands: sgio --plugin MODULE cmd --list',
  ].join('\n');
}

/** Builds the sub-program of one definition: its field options plus cmd's own. */
export function commandProgram(definition: CdbDefinition): Command {
  const program = new Command(`sgio cmd ${definition.id}`)
    .description(`${definition.name}${definition.description ? `: ${definition.description}` : ''} (opcode ${hex(definition.opcode)}${definition.serviceAction === undefined ? '' : `, service action ${hex(definition.serviceAction)}`}; ${definition.length}-byte CDB${definition.standard ? `; ${definition.standard}` : ''})`)
    .argument('[device]', 'sg device node (not needed with --dry-run)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });
  for (const option of fieldOptions(definition)) program.addOption(option);
  program
    .option('--dry-run', 'print the CDB (hex) and the field values, send nothing')
    .option('--send <file>', 'data-out: send the bytes of FILE (- for stdin)')
    .option('--outfile <file>', 'data-in: write the received bytes to FILE')
    .addOption(new Option('--block-size <n>', 'logical block size for commands that count blocks').argParser(numberOption('--block-size')).default(512));
  withCommonOptions(program);
  program.addHelpText('after', `\nField options are generated from the ${definition.name} definition; numbers take decimal, 0x hex or a trailing h.`);
  return program;
}

/** Runs `cmd` with the words after `cmd` on the command line. */
export async function cmd(rawWords: string[]): Promise<number> {
  const words = withoutPluginFlags(rawWords);
  const first = words[0];
  if (first === undefined || first === '--help' || first === '-h') {
    stdout.write(`${overviewText()}\n`);
    return 0;
  }
  if (first === '--list') {
    if (words.includes('--json')) printJson(commandRegistry().list().map((d) => ({ id: d.id, name: d.name, opcode: d.opcode, serviceAction: d.serviceAction ?? null, length: d.length, standard: d.standard, description: d.description })));
    else stdout.write(`${commandListText()}\n`);
    return 0;
  }
  let definition: CdbDefinition;
  try {
    definition = commandRegistry().require(first);
  } catch (e) {
    throw new CliError(`${(e as Error).message.replace("the registry's list()", "'sgio cmd --list'")}`);
  }
  const program = commandProgram(definition);
  let device: string | undefined;
  try {
    program.action((dev: string | undefined) => {
      device = dev;
    });
    program.parse(words.slice(1), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.help' ? 0 : ExitCode.SYNTAX;
    throw e;
  }
  const options = program.opts<CmdOptions>();
  const fields = fieldValues(definition, options);
  const cdb = definition.encode(fields);
  if (options.dryRun) {
    const direction = definition.directionOf(fields);
    const dataLength = definition.dataLengthOf(fields, { blockSize: options.blockSize ?? 512 });
    if (options.json) printJson({ id: definition.id, name: definition.name, cdb, direction, dataLength, fields: definition.withDefaults(fields) });
    else stdout.write(`${toHex(cdb)}\n`);
    return 0;
  }
  if (device === undefined) throw new CliError(`sgio cmd ${definition.id}: give a device (e.g. /dev/sg0), or --dry-run to print the CDB only`);
  const direction = definition.directionOf(fields);
  let data: Uint8Array | undefined;
  if (direction === 'out') {
    if (options.send === undefined) throw new CliError(`${definition.name} sends data: give it with --send FILE`);
    try {
      data = new Uint8Array(readFileSync(options.send === '-' ? 0 : options.send));
    } catch (e) {
      throw new CliError(`--send: cannot read ${options.send}: ${(e as Error).message}`, ExitCode.FILE_ERROR);
    }
  }
  return withDevice(device, options, async (session) => {
    const result = await runDefinition(session, definition, fields, { throwOnError: false, retry: false, blockSize: options.blockSize ?? 512, ...(data ? { data } : {}) });
    const received = dataOf(result);
    if (options.outfile !== undefined && received.length > 0) {
      try {
        writeFileSync(options.outfile, received);
      } catch (e) {
        throw new CliError(`--outfile: cannot write ${options.outfile}: ${(e as Error).message}`, ExitCode.FILE_ERROR);
      }
    }
    if (options.json) printJson({ id: definition.id, fields: definition.withDefaults(fields), ...outcomeJson(result), data: direction === 'in' ? received : null });
    else if (options.hex && received.length) stdout.write(`${hexDump(received)}\n`);
    else {
      const out = [outcomeText(result)];
      if (direction === 'in') out.push('', `Received ${received.length} bytes of data${received.length && options.outfile === undefined ? ':' : ''}`);
      if (received.length && options.outfile === undefined) out.push(hexDump(received));
      stdout.write(`${out.join('\n')}\n`);
    }
    return exitStatusOf(result);
  });
}
