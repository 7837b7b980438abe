/** `sgio inq DEV [--page P]`: standard INQUIRY data or one VPD page (like sg_inq). */
import { inquiryFlow, vpdFlow } from '@sgio/core';
import { decodeUnitSerialNumber } from '@sgio/struct';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { inquiryText } from './inquiry-text.js';

/** Options of `inq`. */
export interface InqOptions extends CommonOptions {
  /** VPD page to fetch instead of the standard data. */
  page?: string;
}

/** Runs `inq`. */
export async function inq(device: string, options: InqOptions): Promise<number> {
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    // the page decoders (and the plugin registry behind them) load only for --page: plain INQUIRY needs none
    if (options.page !== undefined) return (await import('./print-vpd-page.js')).printVpdPage(session, options.page, options);
    const { data: raw, decoded: data } = await runFlow(session, inquiryFlow(flowOptions(session)));
    let unitSerialNumber: string | null = null;
    if (!options.hex) {
      try {
        unitSerialNumber = decodeUnitSerialNumber((await runFlow(session, vpdFlow(0x80, flowOptions(session)))).data).serialNumber;
      } catch {
        // no serial number page: sg_inq leaves the line out too
      }
    }
    emit({ json: { ...data, unitSerialNumber }, raw, text: () => inquiryText(data, unitSerialNumber) }, options);
    return 0;
  });
}
