/** `sgio decode-cdb HEX... [--device-type N]`: name a CDB and decode its fields through the registry. */
import { opcodeName } from '@sgio/struct';
import { emit } from '../common/emit.js';
import { ExitCode } from '../common/exit-codes.js';
import { CliError } from '../common/cli-error.js';
import { parseHex } from '../common/output.js';
import { commandRegistry } from '../common/registry.js';
import { fieldHelp } from '../common/field-options.js';
import { hex, scalarText } from '../common/text.js';

/** Options of `decode-cdb`. */
export interface DecodeCdbOptions {
  /** Print JSON. */
  json?: boolean;
  /** Peripheral device type, for opcodes whose meaning depends on it. */
  deviceType?: number;
}

/** Runs `decode-cdb`. */
export function decodeCdbAction(words: string[], options: DecodeCdbOptions): number {
  let cdb: Uint8Array;
  try {
    cdb = parseHex(words.join(' '));
  } catch (e) {
    throw new CliError(`${(e as Error).message}; give the CDB as hex bytes, e.g. '28 00 00 00 00 10 00 00 08 00'`);
  }
  if (cdb.length === 0) throw new CliError('no CDB given: pass its bytes as hex arguments');
  const registry = commandRegistry();
  const lookup = options.deviceType === undefined ? {} : { deviceType: options.deviceType };
  const definition = registry.lookup(cdb, lookup);
  if (!definition) {
    const name = opcodeName(cdb[0]!, options.deviceType);
    throw new CliError(`opcode ${hex(cdb[0]!)} (${name}) is not in the command registry, so its fields are unknown; load a plugin that defines it with --plugin`, ExitCode.MALFORMED);
  }
  if (cdb.length < definition.length) throw new CliError(`${definition.name} needs a ${definition.length}-byte CDB; ${cdb.length} bytes given`, ExitCode.MALFORMED);
  const fields = definition.decode(cdb);
  const pack = registry.packs().find((p) => p.commands.includes(definition))?.name ?? null;
  emit(
    {
      json: { id: definition.id, name: definition.name, pack, opcode: definition.opcode, serviceAction: definition.serviceAction ?? null, length: definition.length, fields },
      text: () =>
        [
          `${definition.name} [${definition.id}${pack ? `, pack ${pack}` : ''}], opcode ${hex(definition.opcode)}${definition.serviceAction === undefined ? '' : `, service action ${hex(definition.serviceAction)}`}`,
          ...definition.fieldList.map((f) => `  ${f.name.padEnd(24)} ${scalarText((fields as Record<string, unknown>)[f.name]).padEnd(20)} ${fieldHelp(f).replace(/; default.*\)$/, ')')}`),
        ].join('\n'),
    },
    options,
  );
  return 0;
}
