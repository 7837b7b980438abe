/**
 * Parsing numbers the way sg3_utils accepts them: decimal, `0x` hex, or a
 * trailing `h` for hex (`83h`).
 */
import { CliError } from './cli-error.js';

function clean(text: string): string {
  return text.trim().replace(/_/g, '');
}

/**
 * Parses a non-negative integer: `131072`, `0x1ffff`, `1ffffh`.
 * @throws {@link CliError} (exit status 1) naming `what` when it is not one.
 */
export function parseNumber(text: string, what = 'value', max = Number.MAX_SAFE_INTEGER): number {
  const t = clean(text);
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^[0-9a-f]+h$/i.test(t)) n = parseInt(t.slice(0, -1), 16);
  else if (/^\d+$/.test(t)) n = Number(t);
  else throw new CliError(`${what}: '${text}' is not a number (use decimal, 0x hex or a trailing h for hex)`);
  if (!Number.isSafeInteger(n) || n > max) throw new CliError(`${what}: ${text} is too large (at most ${max})`);
  return n;
}

/**
 * Parses a non-negative integer of up to 64 bits as a bigint (same forms as
 * {@link parseNumber}).
 */
export function parseBigNumber(text: string, what = 'value', max = (1n << 64n) - 1n): bigint {
  const t = clean(text);
  let n: bigint;
  if (/^0x[0-9a-f]+$/i.test(t)) n = BigInt(t);
  else if (/^[0-9a-f]+h$/i.test(t)) n = BigInt(`0x${t.slice(0, -1)}`);
  else if (/^\d+$/.test(t)) n = BigInt(t);
  else throw new CliError(`${what}: '${text}' is not a number (use decimal, 0x hex or a trailing h for hex)`);
  if (n > max) throw new CliError(`${what}: ${text} is too large (at most ${max})`);
  return n;
}

/** A signed integer (for signed DSL fields): an optional `-` then the forms of {@link parseNumber}. */
export function parseSignedNumber(text: string, what = 'value'): number {
  const t = text.trim();
  return t.startsWith('-') ? -parseNumber(t.slice(1), what) : parseNumber(t, what);
}

/** Commander argument parser for a non-negative integer option. */
export function numberOption(what: string, max?: number): (value: string) => number {
  return (value: string) => parseNumber(value, what, max);
}
