/** `sgio logs DEV [--page P[,S]] [--all]`: LOG SENSE (like sg_logs). */
import { decodeLogPage, decodeSupportedLogPages, logPageName, logSense, type LogPage, type LogParameter } from '@sgio/struct';
import { dataOf, runDefinition, withDevice, type DeviceSession } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { hexDump } from '../common/output.js';
import { LOG_ACRONYMS, parsePageSpec } from '../common/page-spec.js';
import { hex, scalarText, words } from '../common/text.js';

/** Options of `logs`. */
export interface LogsOptions extends CommonOptions {
  /** Page (and subpage); default the supported pages list. */
  page?: string;
  /** Fetch every supported page. */
  all?: boolean;
  /** Page control 0..3 (default 1: cumulative values). */
  control?: number;
}

async function fetchLogPage(session: DeviceSession, page: number, subpage: number, pc: number): Promise<Uint8Array> {
  const first = dataOf(await runDefinition(session, logSense, { pc, pageCode: page, subpageCode: subpage, allocationLength: 4096 }));
  const declared = first.length >= 4 ? ((first[2]! << 8) | first[3]!) + 4 : 0;
  if (declared <= first.length) return first;
  return dataOf(await runDefinition(session, logSense, { pc, pageCode: page, subpageCode: subpage, allocationLength: Math.min(declared, 0xffff) }));
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
      lines.push(`    ${hex(code)}${sub ? `,${hex(sub)}` : ''}        ${logPageName(code, sub)}`);
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
      const supported = decodeSupportedLogPages(await fetchLogPage(session, 0, 0, pc));
      const raws: Uint8Array[] = [];
      const pages: LogPage[] = [];
      for (const code of supported.supportedPages) {
        const raw = await fetchLogPage(session, code, 0, pc);
        raws.push(raw);
        pages.push(decodeLogPage(raw));
      }
      if (options.hex && !options.json) {
        process.stdout.write(`${raws.map((r, i) => `${pages[i]!.pageName} page:\n${hexDump(r)}`).join('\n\n')}\n`);
        return 0;
      }
      emit({ json: { pages }, text: () => pages.map(logPageText).join('\n\n') }, options);
      return 0;
    }
    const spec = options.page === undefined ? { page: 0 } : parsePageSpec(options.page, LOG_ACRONYMS, '--page', 0x3f);
    const raw = await fetchLogPage(session, spec.page, spec.subpage ?? 0, pc);
    const page = decodeLogPage(raw);
    emit({ json: page, raw, text: () => logPageText(page) }, options);
    return 0;
  });
}
