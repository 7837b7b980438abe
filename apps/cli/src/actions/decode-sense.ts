/** `sgio decode-sense HEX...`: decode sense data given as hex (like sg_decode_sense). */
import { readFileSync } from 'node:fs';
import { classifySense, decodeSense, formatSense, senseCategoryText } from '@sgio/struct';
import { CliError } from '../common/cli-error.js';
import { ExitCode } from '../common/exit-codes.js';
import { emit } from '../common/emit.js';
import { parseHex } from '../common/output.js';

/** Options of `decode-sense`. */
export interface DecodeSenseOptions {
  /** Print JSON. */
  json?: boolean;
  /** Read the hex from a file (`-`: stdin) instead of the arguments. */
  file?: string;
  /** Read binary sense bytes from a file. */
  binary?: string;
}

/** The bytes to decode, from the arguments or a file. */
export function senseInput(words: readonly string[], options: DecodeSenseOptions): Uint8Array {
  try {
    if (options.binary !== undefined) return new Uint8Array(readFileSync(options.binary === '-' ? 0 : options.binary));
    if (options.file !== undefined) return parseHex(readFileSync(options.file === '-' ? 0 : options.file, 'utf8'));
  } catch (e) {
    if (e instanceof Error && 'code' in e) throw new CliError(`cannot read ${options.binary ?? options.file}: ${e.message}`, ExitCode.FILE_ERROR);
    throw new CliError(`${(e as Error).message}; give hex bytes, e.g. '70 00 05 00 00 00 00 0a'`);
  }
  try {
    return parseHex(words.join(' '));
  } catch (e) {
    throw new CliError(`${(e as Error).message}; give hex bytes, e.g. '70 00 05 00 00 00 00 0a'`);
  }
}

/** Runs `decode-sense`. */
export function decodeSenseAction(words: string[], options: DecodeSenseOptions): number {
  const bytes = senseInput(words, options);
  if (bytes.length === 0) throw new CliError('no sense bytes given: pass them as hex arguments, --file or --binary');
  const sense = decodeSense(bytes);
  const category = classifySense(sense);
  emit({ json: { ...sense, category, categoryText: senseCategoryText(category) }, text: () => formatSense(sense, { multiLine: true }) }, options);
  return 0;
}
