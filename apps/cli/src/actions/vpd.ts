/** `sgio vpd DEV [--page P]`: every VPD page the device lists, or one (like sg_vpd). */
import { vpdFlow } from '@sgio/core';
import type { SupportedVpdPages, VpdPage } from '@sgio/struct';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { hexDump } from '../common/output.js';
import { decoderRegistry } from '../common/registry.js';
import { printVpdPage } from './print-vpd-page.js';
import { vpdPageText } from './vpd-text.js';
import { stdout } from '../common/stdio.js';

/** Options of `vpd`. */
export interface VpdOptions extends CommonOptions {
  /** One page instead of all. */
  page?: string;
}

/** Runs `vpd`. */
export async function vpd(device: string, options: VpdOptions): Promise<number> {
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    if (options.page !== undefined) return printVpdPage(session, options.page, options);
    const decoders = decoderRegistry();
    const first = await runFlow(session, vpdFlow(0x00, { ...flowOptions(session), decoders }));
    const supportedRaw = first.data;
    const supported = first.decoded as unknown as SupportedVpdPages;
    const pages: VpdPage[] = [supported];
    const raws: Uint8Array[] = [supportedRaw];
    for (const code of supported.supportedPages) {
      if (code === 0x00) continue;
      const { data: raw, decoded } = await runFlow(session, vpdFlow(code, { ...flowOptions(session), decoders }));
      raws.push(raw);
      pages.push(decoded);
    }
    if (options.hex && !options.json) {
      stdout.write(`${raws.map((r, i) => `${pages[i]!.pageName} VPD page [0x${r[1]!.toString(16).padStart(2, '0')}]:\n${hexDump(r)}`).join('\n\n')}\n`);
      return 0;
    }
    emit({ json: { pages }, text: () => pages.map(vpdPageText).join('\n\n') }, options);
    return 0;
  });
}
