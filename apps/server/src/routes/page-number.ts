/** Page codes in URLs: decimal (`128`) or hex (`0x80`). */
import { ProblemError } from '../errors/problem-error.js';

/** Pattern of a page code in a URL. */
export const PAGE_PATTERN = '^(0[xX][0-9a-fA-F]{1,2}|[0-9]{1,3})$';

/** Parses a page code and checks it is at most `max`; throws a 400 problem otherwise. */
export function parsePage(text: string, max: number, what: string): number {
  const value = /^0x/i.test(text) ? Number.parseInt(text.slice(2), 16) : Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ProblemError(400, 'invalid-page', 'Invalid page code', `${what} page code must be 0..${max} (0x${max.toString(16)}), decimal or 0x-hex; got '${text.slice(0, 16)}'.`);
  }
  return value;
}
