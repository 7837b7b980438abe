/**
 * Parsers for configuration values written as text (flags, environment):
 * byte sizes with suffixes, integers, booleans, lists.
 */
import { ConfigError } from './errors.js';

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Parses `4096`, `128k`, `16M`, `1G` (binary units) into bytes. */
export function parseSize(text: string, what: string): number {
  const m = /^\s*(\d+)\s*([kmg]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) throw new ConfigError(`${what}: expected a byte count such as 65536, 128k or 16M, got '${text}'`);
  const value = Number(m[1]) * UNITS[m[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(value)) throw new ConfigError(`${what}: ${text} is too large`);
  return value;
}

/** Parses a non-negative integer. */
export function parseInteger(text: string, what: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new ConfigError(`${what}: expected a whole number, got '${text}'`);
  return Number(text);
}

/** Parses `1/0`, `true/false`, `yes/no`, `on/off`. */
export function parseBoolean(text: string, what: string): boolean {
  const t = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(t)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(t)) return false;
  throw new ConfigError(`${what}: expected true or false (1/0, yes/no), got '${text}'`);
}

/** Splits a comma-separated list, dropping blanks. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
