/** Acronyms of common mode pages, spelled as sg_modes spells them. */

/**
 * Acronyms of mode pages as sg_modes spells them (e.g. `--page=...`), mapped to
 * their page codes. Lower case; match case-insensitively.
 */
export const MODE_PAGE_ACRONYMS: Readonly<Record<string, number>> = {
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
