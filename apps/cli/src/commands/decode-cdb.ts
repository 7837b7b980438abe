/** `sgio decode-cdb`: name a CDB and decode its fields through the command registry. */
import type { Command } from 'commander';
import { numberOption } from '../common/parse-number.js';
import { runAction } from '../common/run-action.js';

/** Registers `decode-cdb`. */
export function register(program: Command): void {
  program
    .command('decode-cdb')
    .description('decode a CDB given in hex into its command and fields (built-in and plugin commands); no device needed')
    .argument('<hex...>', "CDB bytes in hex: '88 00 00 00 00 00 00 00 00 08 00 00 00 01 00 00'")
    .option('-t, --device-type <n>', 'peripheral device type, for opcodes that differ by device (1: tape)', numberOption('--device-type', 0x1f))
    .option('--json', 'print { id, name, pack, opcode, serviceAction, length, fields } as JSON')
    .action((hex: string[], opts: object) => runAction(async () => (await import('../actions/decode-cdb.js')).decodeCdbAction, [hex, opts]));
}
