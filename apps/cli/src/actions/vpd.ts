/** `sgio vpd DEV [--page P]`: every VPD page the device lists, or one (like sg_vpd). */
import { decodeSupportedVpdPages, decodeVpdPage, type VpdPage } from '@sgio/struct';
import { withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { hexDump } from '../common/output.js';
import { fetchVpdPage } from './fetch-inquiry.js';
import { printVpdPage } from './print-vpd-page.js';
import { vpdPageText } from './vpd-text.js';

/** Options of `vpd`. */
export interface VpdOptions extends CommonOptions {
  /** One page instead of all. */
  page?: string;
}

/** Runs `vpd`. */
export async function vpd(device: string, options: VpdOptions): Promise<number> {
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    if (options.page !== undefined) return printVpdPage(session, options.page, options);
    const supportedRaw = await fetchVpdPage(session, 0x00);
    const supported = decodeSupportedVpdPages(supportedRaw);
    const pages: VpdPage[] = [supported];
    const raws: Uint8Array[] = [supportedRaw];
    for (const code of supported.supportedPages) {
      if (code === 0x00) continue;
      const raw = await fetchVpdPage(session, code);
      raws.push(raw);
      pages.push(decodeVpdPage(raw));
    }
    if (options.hex && !options.json) {
      process.stdout.write(`${raws.map((r, i) => `${pages[i]!.pageName} VPD page [0x${r[1]!.toString(16).padStart(2, '0')}]:\n${hexDump(r)}`).join('\n\n')}\n`);
      return 0;
    }
    emit({ json: { pages }, text: () => pages.map(vpdPageText).join('\n\n') }, options);
    return 0;
  });
}
