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

/** VPD page acronyms, as sg_vpd spells them. */
export const VPD_ACRONYMS: Readonly<Record<string, number>> = {
  sv: 0x00,
  sn: 0x80,
  di: 0x83,
  sii: 0x84,
  mna: 0x85,
  ei: 0x86,
  mpp: 0x87,
  sp: 0x88,
  ai: 0x89,
  pc: 0x8a,
  dc: 0x8b,
  tpc: 0x8f,
  bl: 0xb0,
  bdc: 0xb1,
  lbpv: 0xb2,
  ref: 0xb3,
  sbl: 0xb4,
  zbdc: 0xb6,
  ble: 0xb7,
};

/** Mode page acronyms, as sg_modes spells the common ones. */
export const MODE_ACRONYMS: Readonly<Record<string, number>> = {
  rw: 0x01,
  dr: 0x02,
  fo: 0x03,
  rd: 0x04,
  ca: 0x08,
  co: 0x0a,
  pp: 0x18,
  pcd: 0x19,
  po: 0x1a,
  ie: 0x1c,
  all: 0x3f,
};

/** Log page acronyms, as sg_logs spells the common ones. */
export const LOG_ACRONYMS: Readonly<Record<string, number>> = {
  sp: 0x00,
  bu: 0x01,
  we: 0x02,
  re: 0x03,
  ve: 0x05,
  nm: 0x06,
  lse: 0x07,
  temp: 0x0d,
  sscc: 0x0e,
  str: 0x10,
  ss: 0x11,
  bms: 0x15,
  ie: 0x2f,
};

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
