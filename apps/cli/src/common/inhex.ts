/**
 * `--inhex FILE` of the decoding subcommands (ses, sat-identify): ASCII hex
 * as sg3_utils writes it (`#` comments, any spacing, `0x` prefixes), or
 * binary when the file holds bytes that are not text.
 */
import { CliError } from './cli-error.js';
import { readInputFile } from './input-file.js';
import { parseHex } from './output.js';

/** Whether `bytes` look like text (printable ASCII, tabs, newlines). */
function isText(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
}

/**
 * 256 16-bit words in hex (4 digits each: hdparm --Istdout, /proc/ide
 * identify) as the 512 bytes an ATA device sends (each word little-endian);
 * undefined when the text is not that.
 */
function ataWordsToBytes(text: string): Uint8Array | undefined {
  const words = text.replace(/#.*$/gm, '').trim().split(/\s+/).filter(Boolean);
  if (words.length !== 256 || !words.every((w) => /^[0-9a-f]{4}$/i.test(w))) return undefined;
  const out = new Uint8Array(512);
  words.forEach((w, i) => {
    const v = parseInt(w, 16);
    out[2 * i] = v & 0xff;
    out[2 * i + 1] = v >> 8;
  });
  return out;
}

/**
 * The bytes of an --inhex file (exit status 15 when unreadable, 1 when it is
 * neither hex nor binary). With `ataWords`, a file of 256 4-digit words is
 * read as ATA words.
 */
export function readInhex(path: string, { ataWords = false }: { ataWords?: boolean } = {}): Uint8Array {
  const raw = readInputFile(path);
  if (raw.length > 0 && !isText(raw)) return new Uint8Array(raw);
  const text = new TextDecoder().decode(raw);
  const words = ataWords ? ataWordsToBytes(text) : undefined;
  if (words !== undefined) return words;
  try {
    return parseHex(text);
  } catch (e) {
    throw new CliError(`--inhex ${path}: ${(e as Error).message}; give ASCII hex bytes (as sg_ses -HHHH writes them) or a binary file`);
  }
}
