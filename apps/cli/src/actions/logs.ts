/** `sgio logs DEV [--page P[,S]] [--all]`: LOG SENSE (like sg_logs). */
import { logSenseFlow } from '@sgio/core';
import { LOG_PAGE_ACRONYMS, logPageNameIn, type LogPage, type LogParameter, type SupportedLogPages } from '@sgio/struct';
import { flowOptions, runFlow, withDevice, type DeviceSession } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { hexDump } from '../common/output.js';
import { parsePageSpec } from '../common/page-spec.js';
import { decoderRegistry } from '../common/registry.js';
import { hex, scalarText, words } from '../common/text.js';
import { stdout } from '../common/stdio.js';

/** Options of `logs`. */
export interface LogsOptions extends CommonOptions {
  /** Page (and subpage); default the supported pages list. */
  page?: string;
  /** Fetch every supported page. */
  all?: boolean;
  /** Page control 0..3 (default 1: cumulative values). */
  control?: number;
}

/** LOG SENSE of one page through core's flow, decoded with the CLI's registry (standard pages plus plugins'). */
async function fetchLogPage(session: DeviceSession, page: number, subpage: number, pc: number): Promise<{ raw: Uint8Array; page: LogPage }> {
  const decoders = decoderRegistry();
  const { data, decoded } = await runFlow(session, logSenseFlow(page, { ...flowOptions(session), subpage, pageControl: pc, decoders, deviceType: session.device.scsiId.peripheralType }));
  return { raw: data, page: withRegistryName(decoded, decoders.logDecoder(page, subpage, session.device.scsiId.peripheralType)?.name) };
}

/** A pack decoder's result gets the registry's page name (and codes) when it does not carry them. */
function withRegistryName(page: LogPage, name: string | undefined): LogPage {
  if (name === undefined || (typeof page === 'object' && page !== null && 'pageName' in page && 'pageCode' in page)) return page;
  return { ...(page as object), pageName: name } as LogPage;
}

function parameterLine(p: LogParameter): string {
  return `  Parameter code ${hex(p.parameterCode, 4)}: ${p.value !== null ? `${p.value}` : `[${p.valueHex}]`}  (du=${p.du ? 1 : 0} tsd=${p.tsd ? 1 : 0} etc=${p.etc ? 1 : 0} tmc=${p.tmc} format=${p.formatAndLinking})`;
}

const SKIP = ['pageCode', 'subpageCode', 'pageName', 'ds', 'spf', 'pageLength', 'truncated', 'generic', 'parameters', 'supportedPages'];

/** The lines sgio prints for a decoded log page. */
export function logPageText(page: LogPage): string {
  const lines = [`${page.pageName} page [${hex(page.pageCode)}${page.subpageCode ? `,${hex(page.subpageCode)}` : ''}]:`];
  if ('supportedPages' in page) {
    for (const entry of page.supportedPages as (number | { pageCode: number; subpageCode: number })[]) {
      const [code, sub] = typeof entry === 'number' ? [entry, 0] : [entry.pageCode, entry.subpageCode];
      lines.push(`    ${hex(code)}${sub ? `,${hex(sub)}` : ''}        ${logPageNameIn(decoderRegistry(), code, sub)}`);
    }
  }
  for (const [key, value] of Object.entries(page)) {
    if (SKIP.includes(key) || (typeof value === 'object' && value !== null && !(value instanceof Uint8Array))) continue;
    lines.push(`  ${words(key)} = ${scalarText(value)}`);
  }
  if ('parameters' in page) lines.push(...(page.parameters).map(parameterLine));
  if (page.truncated) lines.push('  (truncated: the device declared more bytes than it returned)');
  return lines.join('\n');
}

/** Runs `logs`. */
export async function logs(device: string, options: LogsOptions): Promise<number> {
  const pc = options.control ?? 1;
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    if (options.all) {
      const supported = (await fetchLogPage(session, 0, 0, pc)).page as unknown as SupportedLogPages;
      const raws: Uint8Array[] = [];
      const pages: LogPage[] = [];
      for (const code of supported.supportedPages) {
        const { raw, page } = await fetchLogPage(session, code, 0, pc);
        raws.push(raw);
        pages.push(page);
      }
      if (options.hex && !options.json) {
        stdout.write(`${raws.map((r, i) => `${pages[i]!.pageName} page:\n${hexDump(r)}`).join('\n\n')}\n`);
        return 0;
      }
      emit({ json: { pages }, text: () => pages.map(logPageText).join('\n\n') }, options);
      return 0;
    }
    const spec = options.page === undefined ? { page: 0 } : parsePageSpec(options.page, LOG_PAGE_ACRONYMS, '--page', 0x3f);
    const { raw, page } = await fetchLogPage(session, spec.page, spec.subpage ?? 0, pc);
    emit({ json: page, raw, text: () => logPageText(page) }, options);
    return 0;
  });
}
