/** Printing one VPD page, as `inq --page` and `vpd --page` both do. */
import { decodeVpdPage } from '@sgio/struct';
import type { DeviceSession } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { VPD_ACRONYMS, parsePageSpec } from '../common/page-spec.js';
import { fetchVpdPage } from './fetch-inquiry.js';
import { vpdPageText } from './vpd-text.js';

/** Fetches the page `spec` names (number or acronym), decodes and prints it; returns the exit status. */
export async function printVpdPage(session: DeviceSession, spec: string, options: CommonOptions): Promise<number> {
  const { page } = parsePageSpec(spec, VPD_ACRONYMS, '--page');
  const raw = await fetchVpdPage(session, page);
  const decoded = decodeVpdPage(raw);
  emit({ json: decoded, raw, text: () => vpdPageText(decoded) }, options);
  return 0;
}
