/**
 * Number arguments written the sg3_utils way: decimal, `0x` hex or an `h`
 * suffix, and multiplier suffixes (`c` 1, `w` 2, `b` 512, `k`/`K`/`KiB`
 * 1024, `KB` 1000, `m`/`M`/`MiB` 2^20, `MB` 10^6, `g`/`G`/`GiB` 2^30,
 * `GB` 10^9, `t`/`T`/`TiB` 2^40, `TB` 10^12), and `AxB` products.
 */
import { CliError } from './cli-error.js';

const SUFFIXES: Readonly<Record<string, number>> = {
  c: 1,
  w: 2,
  b: 512,
  k: 1024,
  K: 1024,
  KiB: 1024,
  KB: 1000,
  m: 1024 ** 2,
  M: 1024 ** 2,
  MiB: 1024 ** 2,
  MB: 1e6,
  g: 1024 ** 3,
  G: 1024 ** 3,
  GiB: 1024 ** 3,
  GB: 1e9,
  t: 1024 ** 4,
  T: 1024 ** 4,
  TiB: 1024 ** 4,
  TB: 1e12,
};

function parseOne(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
  if (/^[0-9a-f]+h$/i.test(text)) return parseInt(text.slice(0, -1), 16);
  const m = /^(\d+)([a-zA-Z]*)$/.exec(text);
  if (!m) return undefined;
  const base = Number(m[1]);
  if (!m[2]) return base;
  const factor = SUFFIXES[m[2]];
  return factor === undefined ? undefined : base * factor;
}

/**
 * Parses a non-negative integer in sg3_utils notation (see the module doc).
 * Throws a {@link CliError} (exit status 1) that names `what` when the text
 * is not such a number or exceeds `Number.MAX_SAFE_INTEGER`.
 */
export function parseCount(text: string, what: string): number {
  const trimmed = text.trim();
  const parts = /^0x[0-9a-f]+$/i.test(trimmed) ? [trimmed] : trimmed.split('x');
  let value = 1;
  for (const part of parts) {
    const n = part === '' ? undefined : parseOne(part);
    if (n === undefined) {
      throw new CliError(`${what}: '${text}' is not a number (use decimal, 0x hex, or a suffix such as k, M, G, KB, MB)`);
    }
    value *= n;
  }
  if (!Number.isSafeInteger(value)) throw new CliError(`${what}: '${text}' is too large`);
  return value;
}

/** A commander argument parser built on {@link parseCount}. */
export function countOption(what: string): (text: string) => number {
  return (text: string) => parseCount(text, what);
}

/** Parses a comma-separated list of numbers (`--lba=1,0x20,300`). */
export function parseCountList(text: string, what: string): number[] {
  return text.split(',').filter((s) => s.trim() !== '').map((s) => parseCount(s, what));
}
