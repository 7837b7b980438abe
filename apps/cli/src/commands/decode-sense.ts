/** `sgio decode-sense`: decode sense bytes (like sg_decode_sense). */
import type { Command } from 'commander';
import { runAction } from '../common/run-action.js';

/** Registers `decode-sense`. */
export function register(program: Command): void {
  program
    .command('decode-sense')
    .description('decode sense data given in hex, fixed or descriptor format (like sg_decode_sense); no device needed')
    .argument('[hex...]', "sense bytes in hex: '70 00 05 00 00 00 00 0a ...' or 7000050000")
    .option('-f, --file <file>', 'read the hex from FILE (- for stdin)')
    .option('-b, --binary <file>', 'read binary sense bytes from FILE')
    .option('--json', 'print the decoded fields as JSON: { responseCode, format, current, senseKey, senseKeyName, asc, ascq, ascText, ..., category, categoryText }')
    .action((hex: string[], opts: object) => runAction(async () => (await import('../actions/decode-sense.js')).decodeSenseAction, [hex, opts]));
}
