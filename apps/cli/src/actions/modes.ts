/** `sgio modes DEV [--page P[,S]] [--control C] [--six]`: MODE SENSE (like sg_modes). */
import {
  CACHING_MODE_PAGE_LAYOUT,
  CONTROL_MODE_PAGE_LAYOUT,
  INFORMATIONAL_EXCEPTIONS_MODE_PAGE_LAYOUT,
  MODE_PAGE_ACRONYMS,
  READ_WRITE_ERROR_RECOVERY_MODE_PAGE_LAYOUT,
  splitModeSense,
  type FieldInfo,
  type ModePage,
} from '@sgio/struct';
import { modeSenseFlow } from '@sgio/core';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import { CliError } from '../common/cli-error.js';
import type { CommonOptions } from '../common/global-options.js';
import { hexDump, toHex } from '../common/output.js';
import { parsePageSpec } from '../common/page-spec.js';
import { decoderRegistry } from '../common/registry.js';
import { fieldLines, hex } from '../common/text.js';

/** Options of `modes`. */
export interface ModesOptions extends CommonOptions {
  /** Page (and subpage); default all pages. */
  page?: string;
  /** Page control: current, changeable, default or saved (or 0..3). */
  control?: string;
  /** Use MODE SENSE(6) instead of (10). */
  six?: boolean;
  /** Disable block descriptors (DBD). */
  dbd?: boolean;
}

/** Page control names, in PC order. */
export const PAGE_CONTROLS = ['current', 'changeable', 'default', 'saved'] as const;

/** Parses --control into the PC value. */
export function parsePageControl(text: string | undefined): number {
  if (text === undefined) return 0;
  const t = text.trim().toLowerCase();
  const byName = PAGE_CONTROLS.findIndex((n) => n.startsWith(t) && t.length > 0);
  if (byName >= 0) return byName;
  if (/^[0-3]$/.test(t)) return Number(t);
  throw new CliError(`--control: '${text}' is not one of current, changeable, default, saved (or 0..3)`);
}

const LAYOUTS: ReadonlyMap<number, readonly FieldInfo[]> = new Map([
  [0x01, READ_WRITE_ERROR_RECOVERY_MODE_PAGE_LAYOUT.fieldList],
  [0x08, CACHING_MODE_PAGE_LAYOUT.fieldList],
  [0x0a, CONTROL_MODE_PAGE_LAYOUT.fieldList],
  [0x1c, INFORMATIONAL_EXCEPTIONS_MODE_PAGE_LAYOUT.fieldList],
]);

const PAGE_HEADER_KEYS = ['pageCode', 'subpageCode', 'pageName', 'ps', 'spf', 'pageLength', 'truncated', 'generic', 'dataHex', 'pageHex'];

/** Runs `modes`. */
export async function modes(device: string, options: ModesOptions): Promise<number> {
  const pc = parsePageControl(options.control);
  const spec = options.page === undefined ? { page: 0x3f } : parsePageSpec(options.page, MODE_PAGE_ACRONYMS, '--page', 0x3f);
  const format = options.six ? 6 : 10;
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    const { data: raw, decoded } = await runFlow(
      session,
      modeSenseFlow(spec.page, {
        ...flowOptions(session),
        cdbSize: format,
        pageControl: pc,
        subpage: spec.subpage ?? 0,
        disableBlockDescriptors: options.dbd ?? false,
        decoders: decoderRegistry(),
        deviceType: session.device.scsiId.peripheralType,
      }),
    );
    const parts = splitModeSense(raw, format);
    const pages = parts.pages.map((p, i) => ({ ...(decoded.pages[i] as ModePage), pageHex: toHex(p.bytes, '') }));
    const pageControl = PAGE_CONTROLS[pc]!;
    const json = { command: `MODE SENSE(${format})`, pageControl, header: parts.header, blockDescriptors: parts.blockDescriptors, pages, truncated: parts.truncated };
    const text = (): string => {
      const h = parts.header;
      const lines = [
        `Mode parameter header from MODE SENSE(${format}):`,
        `  Mode data length=${h.modeDataLength}, medium type=${hex(h.mediumType)}, WP=${h.wp ? 1 : 0}, DpoFua=${h.dpofua ? 1 : 0}, longlba=${h.longLba ? 1 : 0}`,
        `  Block descriptor length=${h.blockDescriptorLength}`,
      ];
      for (const d of parts.blockDescriptors) {
        lines.push(`> Block descriptor: number of blocks=${d.numberOfBlocks}, density code=${hex(d.densityCode)}, block length=${d.blockLength}`);
      }
      for (const [i, p] of pages.entries()) {
        lines.push('', `>> ${p.pageName}${p.spf ? ` [${hex(p.pageCode)},${hex(p.subpageCode)}]` : ` [${hex(p.pageCode)}]`}, page_control: ${pageControl}`);
        lines.push(hexDump(parts.pages[i]!.bytes));
        if (!('generic' in p)) {
          const fieldList = LAYOUTS.get(p.pageCode);
          lines.push(...fieldLines(p, { ...(fieldList ? { fieldList } : {}), skip: PAGE_HEADER_KEYS, indent: '    ' }));
        }
      }
      return lines.join('\n');
    };
    emit({ json, raw, text }, options);
    return 0;
  });
}
