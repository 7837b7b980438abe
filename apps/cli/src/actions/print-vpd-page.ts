/** Printing one VPD page, as `inq --page` and `vpd --page` both do. */
import { vpdFlow } from '@sgio/core';
import { VPD_PAGE_ACRONYMS, type VpdPage } from '@sgio/struct';
import { flowOptions, runFlow, type DeviceSession } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { parsePageSpec } from '../common/page-spec.js';
import { decoderRegistry } from '../common/registry.js';
import { vpdPageText } from './vpd-text.js';

/** Fetches the page `spec` names (number or acronym), decodes and prints it; returns the exit status. */
export async function printVpdPage(session: DeviceSession, spec: string, options: CommonOptions): Promise<number> {
  const { page } = parsePageSpec(spec, VPD_PAGE_ACRONYMS, '--page');
  const { data: raw, decoded: page_ } = await runFlow(session, vpdFlow(page, { ...flowOptions(session), decoders: decoderRegistry() }));
  const decoded = page_ as unknown as VpdPage;
  emit({ json: decoded, raw, text: () => vpdPageText(decoded) }, options);
  return 0;
}
