/** Acronyms of common log pages, spelled as sg_logs spells them. */

/**
 * Acronyms of log pages as sg_logs spells them (e.g. `--page=...`), mapped to
 * their page codes. Lower case; match case-insensitively.
 */
export const LOG_PAGE_ACRONYMS: Readonly<Record<string, number>> = {
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
