/**
 * Output helpers: JSON with bigint and byte arrays made printable, hex
 * dumps like sg3_utils'.
 */
import { CliError } from './cli-error.js';
import { stdout } from './stdio.js';

/** JSON replacer: bigint as decimal string, Uint8Array as hex string. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return toHex(value);
  return value;
}

/** Prints a value as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
}

/** Bytes as a plain hex string (`00 1a ff`) or packed (`001aff`). */
export function toHex(bytes: Uint8Array, separator = ' '): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (i && separator ? separator : '') + bytes[i]!.toString(16).padStart(2, '0');
  return s;
}

/** A hex dump with offsets and ASCII, 16 bytes a line (like sg3_utils' dStrHex). */
export function hexDump(bytes: Uint8Array, indent = ' '): string {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i === 8) hex += ' ';
      hex += i < row.length ? ` ${row[i]!.toString(16).padStart(2, '0')}` : '   ';
      if (i < row.length) ascii += row[i]! >= 0x20 && row[i]! < 0x7f ? String.fromCharCode(row[i]!) : '.';
    }
    lines.push(`${indent}${off.toString(16).padStart(2, '0')}    ${hex}    ${ascii}`);
  }
  return lines.join('\n');
}

/** Parses hex text (spaces, commas, 0x prefixes and newlines allowed) into bytes. */
export function parseHex(text: string): Uint8Array {
  const clean = text
    .replace(/#.*$/gm, '')
    .replace(/0x/gi, ' ')
    .split(/[\s,]+/)
    .filter(Boolean);
  const parts = clean.length === 1 && clean[0]!.length > 2 ? (clean[0]!.match(/../g) ?? []) : clean;
  const out = new Uint8Array(parts.length);
  parts.forEach((p, i) => {
    if (!/^[0-9a-f]{1,2}$/i.test(p)) throw new CliError(`'${p}' is not a hex byte`);
    out[i] = parseInt(p, 16);
  });
  return out;
}
