/** Acronyms of common VPD pages, spelled as sg_vpd spells them. */

/**
 * Acronyms of VPD pages as sg_vpd spells them (e.g. `--page=...`), mapped to
 * their page codes. Lower case; match case-insensitively.
 */
export const VPD_PAGE_ACRONYMS: Readonly<Record<string, number>> = {
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
