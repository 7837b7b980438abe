/**
 * Page arguments of `inq --page`, `vpd --page`, `modes --page` and
 * `logs --page`: a number, `page,subpage`, or an sg3_utils-style acronym.
 */
import { CliError } from './cli-error.js';
import { parseNumber } from './parse-number.js';

/** A page code and an optional subpage code. */
export interface PageSpec {
  /** Page code. */
  readonly page: number;
  /** Subpage code, when given. */
  readonly subpage?: number;
}

/**
 * Parses `P`, `P,S` or an acronym from `acronyms` (case-insensitive).
 * @throws {@link CliError} naming the accepted forms.
 */
export function parsePageSpec(text: string, acronyms: Readonly<Record<string, number>>, what: string, maxPage = 0xff): PageSpec {
  const t = text.trim().toLowerCase();
  const known = acronyms[t];
  if (known !== undefined) return { page: known };
  const [p, s, extra] = t.split(',');
  if (p === undefined || p === '' || extra !== undefined) throw badPage(text, acronyms, what);
  let page: number;
  try {
    page = parseNumber(p, what, maxPage);
  } catch {
    throw badPage(text, acronyms, what);
  }
  if (s === undefined) return { page };
  return { page, subpage: parseNumber(s, `${what} subpage`, 0xff) };
}

function badPage(text: string, acronyms: Readonly<Record<string, number>>, what: string): CliError {
  return new CliError(`${what}: '${text}' is neither a page number (e.g. 0x83 or 8,0) nor a known acronym (${Object.keys(acronyms).join(', ')})`);
}
