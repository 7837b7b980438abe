/** Extended INQUIRY Data (0x86, SPC-6 7.7.9). */
import { bits, flag, u16, u8 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { decodeFixedVpdPage, type FixedVpdPage } from './fixed-page.js';

/** Layout of the Extended INQUIRY Data page (offsets from the page start). */
export const EXTENDED_INQUIRY_LAYOUT = defineLayout({
  name: 'Extended INQUIRY Data page',
  length: 64,
  fields: {
    activateMicrocode: bits(4, 7, 2, { description: 'when downloaded microcode is activated' }),
    spt: bits(4, 5, 3, { description: 'supported protection types' }),
    grdChk: flag(4, 2, { description: 'guard check' }),
    appChk: flag(4, 1, { description: 'application tag check' }),
    refChk: flag(4, 0, { description: 'reference tag check' }),
    uaskSup: flag(5, 5, { description: 'unit attention condition sense key specific data supported' }),
    groupSup: flag(5, 4, { description: 'grouping function supported' }),
    priorSup: flag(5, 3, { description: 'priority supported' }),
    headSup: flag(5, 2, { description: 'head of queue task attribute supported' }),
    ordSup: flag(5, 1, { description: 'ordered task attribute supported' }),
    simpSup: flag(5, 0, { description: 'simple task attribute supported' }),
    wuSup: flag(6, 3, { description: 'write uncorrectable supported' }),
    crdSup: flag(6, 2, { description: 'obsolete: correction disable supported' }),
    nvSup: flag(6, 1, { description: 'non-volatile cache supported' }),
    vSup: flag(6, 0, { description: 'volatile cache supported' }),
    noPiChk: flag(7, 5, { description: 'no protection information checking' }),
    pIISup: flag(7, 4, { description: 'protection information interval supported' }),
    luiclr: flag(7, 0, { description: 'logical unit I_T nexus clear' }),
    luCollType: bits(8, 7, 3, { description: 'logical unit collection type' }),
    rSup: flag(8, 4, { description: 'referrals supported' }),
    rtdSup: flag(8, 3, { description: 'revert to defaults supported' }),
    hssrelef: flag(8, 1, { description: 'history snapshots release effects' }),
    cbcs: flag(8, 0, { description: 'obsolete: capability-based command security' }),
    multiItNexusMicrocodeDownload: bits(9, 3, 4, { description: 'multi I_T nexus microcode download' }),
    extendedSelfTestCompletionMinutes: u16(10, { description: 'extended self-test completion time, minutes' }),
    poaSup: flag(12, 7, { description: 'power on activation supported' }),
    hraSup: flag(12, 6, { description: 'hard reset activation supported' }),
    vsaSup: flag(12, 5, { description: 'vendor specific activation supported' }),
    dmsValid: flag(12, 4, { description: 'download microcode support byte valid' }),
    maximumSupportedSenseDataLength: u8(13, { description: 'maximum sense data length, bytes' }),
    ibs: flag(14, 7, { description: 'implicit bind supported' }),
    ias: flag(14, 6, { description: 'implicit affiliation supported' }),
    sac: flag(14, 2, { description: 'set affiliation command supported' }),
    nrd1: flag(14, 1, { description: 'no redirect one supported' }),
    nrd0: flag(14, 0, { description: 'no redirect zero supported' }),
    maximumInquiryChangeLogs: u16(15, { description: 'maximum INQUIRY change logs' }),
    maximumModePageChangeLogs: u16(17, { description: 'maximum mode page change logs' }),
    dmMd4: flag(19, 7, { description: 'download microcode mode 0x04 supported' }),
    dmMd5: flag(19, 6, { description: 'download microcode mode 0x05 supported' }),
    dmMd6: flag(19, 5, { description: 'download microcode mode 0x06 supported' }),
    dmMd7: flag(19, 4, { description: 'download microcode mode 0x07 supported' }),
    dmMdD: flag(19, 3, { description: 'download microcode mode 0x0D supported' }),
    dmMdE: flag(19, 2, { description: 'download microcode mode 0x0E supported' }),
    dmMdF: flag(19, 1, { description: 'download microcode mode 0x0F supported' }),
  },
});

/** Decoded Extended INQUIRY Data page. */
export type ExtendedInquiryVpdPage = FixedVpdPage<(typeof EXTENDED_INQUIRY_LAYOUT)['fields']>;

/**
 * Decodes the Extended INQUIRY Data page (0x86).
 * @throws {@link DecodeError} on fewer than 4 bytes or another page code.
 */
export function decodeExtendedInquiry(bytes: Uint8Array): ExtendedInquiryVpdPage {
  return decodeFixedVpdPage(bytes, 0x86, EXTENDED_INQUIRY_LAYOUT);
}
