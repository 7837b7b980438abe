/** `sgio ses`: SES pages from a device or an --inhex file, their join, and one element's IDENT/FAULT (like sg_ses). */
import { diagnosticPageFlow, sesIndicatorFlow, sesPagesFlow, type SesPagesRead } from '@sgio/core';
import {
  decodeSesAdditionalElementStatus,
  decodeSesConfiguration,
  decodeSesElementDescriptors,
  decodeSesEnclosureStatus,
  decodeSupportedDiagnosticPages,
  joinSesPages,
  SES_PAGE,
  splitDiagnosticPages,
  type SesConfiguration,
  type SesElementAddress,
  type SesElementPosition,
  type SesIndicatorChange,
  type SesJoinedElement,
  type SesStatusElement,
} from '@sgio/struct';
import { CliError } from '../common/cli-error.js';
import { ControlReporter } from '../common/control-report.js';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { readInhex } from '../common/inhex.js';
import { parsePageSpec } from '../common/page-spec.js';
import { parseSignedNumber, parseNumber } from '../common/parse-number.js';

/** Options of `ses`. */
export interface SesOptions extends CommonOptions {
  /** One page (number or acronym). */
  page?: string;
  /** The join (default). */
  join?: boolean;
  /** Pages from a file. */
  inhex?: string;
  /** One element: `II` or `TI,II`. */
  index?: string;
  /** Indicator changes. */
  setIdent?: boolean;
  /** Locate off. */
  clearIdent?: boolean;
  /** Fault on. */
  setFault?: boolean;
  /** Fault off. */
  clearFault?: boolean;
}

/** sg_ses' acronyms of the pages sgio decodes. */
const PAGE_ACRONYMS: Readonly<Record<string, number>> = { sdp: 0x00, cf: 0x01, es: 0x02, ec: 0x02, ed: 0x07, aes: 0x0a };
const DECODED = new Set([0x00, 0x01, 0x02, 0x07, 0x0a]);

/** `--index II` (type header 0) or `--index TI,II`. */
export function parseSesIndex(text: string): SesElementAddress {
  const parts = text.split(',');
  if (parts.length > 2 || parts.some((p) => p.trim() === '')) throw new CliError(`--index ${text}: give II or TI,II (numbers; II -1 is the overall element)`);
  if (parts.length === 1) return { typeIndex: 0, index: parseSignedNumber(parts[0]!, '--index') };
  return { typeIndex: parseNumber(parts[0]!, '--index type header index', 0xff), index: parseSignedNumber(parts[1]!, '--index individual index') };
}

/** The change the --set-/--clear- options ask for, or undefined when none is given. */
function indicatorChange(o: SesOptions): SesIndicatorChange | undefined {
  if (o.setIdent && o.clearIdent) throw new CliError('--set-ident and --clear-ident contradict each other');
  if (o.setFault && o.clearFault) throw new CliError('--set-fault and --clear-fault contradict each other');
  const ident = o.setIdent ? true : o.clearIdent ? false : undefined;
  const fault = o.setFault ? true : o.clearFault ? false : undefined;
  return ident === undefined && fault === undefined ? undefined : { ...(ident !== undefined ? { ident } : {}), ...(fault !== undefined ? { fault } : {}) };
}

const flags = (o: object): string =>
  Object.entries(o)
    .filter(([k, v]) => k !== 'kind' && v !== false && v !== undefined && v !== null)
    .map(([k, v]) => (v === true ? k : `${k}=${String(v)}`))
    .join(' ');

const where = (p: SesElementPosition): string => `[${p.typeIndex},${p.index}]`;

function statusText(s: SesStatusElement | undefined): string {
  if (s === undefined) return '';
  const common = [s.predictedFailure ? 'predictedFailure' : '', s.disabled ? 'disabled' : '', s.swap ? 'swap' : ''].filter(Boolean).join(' ');
  return `${s.statusName}${common ? ` ${common}` : ''}${flags(s.detail) ? `; ${flags(s.detail)}` : ''}`;
}

function configurationText(c: SesConfiguration): string {
  const lines = [`Configuration page: generation code ${c.generationCode}, ${c.secondarySubenclosures} secondary subenclosures`];
  for (const e of c.enclosures) {
    lines.push(`  Subenclosure ${e.subenclosureId}${e.subenclosureId === 0 ? ' (primary)' : ''}: ${e.vendorId} ${e.productId} ${e.productRevision}, logical identifier ${e.logicalIdentifier}`);
    lines.push(`    relative ES process id ${e.relativeEsProcessId}, ${e.numberOfEsProcesses} ES processes, ${e.typeDescriptorHeaders} type headers`);
  }
  for (const t of c.typeDescriptors) lines.push(`  [${t.typeIndex}] ${t.elementTypeName}: ${t.possibleElements} elements, subenclosure ${t.subenclosureId}${t.text ? `, "${t.text}"` : ''}`);
  return lines.join('\n');
}

function joinText(rows: readonly SesJoinedElement[]): string {
  return rows
    .map((r) => {
      const parts = [`${where(r).padEnd(8)} ${r.elementTypeName}${r.descriptor ? ` "${r.descriptor}"` : ''}`, `  ${statusText(r.status)}`];
      if (r.slotNumber !== undefined || r.sasAddress !== undefined) {
        parts.push(`  ${r.slotNumber !== undefined ? `slot ${r.slotNumber}` : ''}${r.sasAddress !== undefined ? `  SAS address ${r.sasAddress}` : ''}${r.attachedSasAddress !== undefined ? `  attached to ${r.attachedSasAddress}` : ''}`.trimEnd());
      }
      return parts.join('\n');
    })
    .join('\n');
}

/** The decoded pages of an --inhex file. */
function pagesFromFile(path: string): SesPagesRead & { supported?: number[] } {
  const bytes = readInhex(path);
  const pages = splitDiagnosticPages(bytes);
  const get = (code: number): Uint8Array | undefined => pages.find((p) => p.pageCode === code)?.bytes;
  const cfg = get(SES_PAGE.configuration);
  const supported = get(SES_PAGE.supportedPages);
  if (cfg === undefined) {
    if (supported !== undefined) return { supported: [...decodeSupportedDiagnosticPages(supported).pages] } as SesPagesRead & { supported: number[] };
    throw new CliError(`--inhex ${path}: no Configuration page (01h) among its pages (${pages.map((p) => `0x${p.pageCode.toString(16)}`).join(', ') || 'none'}); the other pages are decoded with it`);
  }
  const configuration = decodeSesConfiguration(cfg);
  const s = get(SES_PAGE.enclosureStatus);
  const d = get(SES_PAGE.elementDescriptor);
  const a = get(SES_PAGE.additionalElementStatus);
  return {
    raw: pages,
    configuration,
    status: s && decodeSesEnclosureStatus(s, configuration),
    descriptors: d && decodeSesElementDescriptors(d, configuration),
    additional: a && decodeSesAdditionalElementStatus(a, configuration),
    result: undefined as never,
    ...(supported ? { supported: [...decodeSupportedDiagnosticPages(supported).pages] } : {}),
  };
}

/** Prints one page or the join of what was read. */
function show(read: SesPagesRead & { supported?: number[] }, page: number | undefined, address: SesElementAddress | undefined, options: SesOptions): number {
  const raw = (codes: number[]): Uint8Array => {
    const chosen = read.raw.filter((p) => codes.includes(p.pageCode));
    const out = new Uint8Array(chosen.reduce((n, p) => n + p.bytes.length, 0));
    let at = 0;
    for (const p of chosen) out.set(p.bytes, (at += p.bytes.length) - p.bytes.length);
    return out;
  };
  const pick = <T extends SesElementPosition>(list: readonly T[]): T[] => (address === undefined ? [...list] : list.filter((e) => e.typeIndex === address.typeIndex && e.index === address.index));
  const missing = (name: string): never => {
    throw new CliError(`${options.inhex !== undefined ? `--inhex ${options.inhex}` : 'the device'} has no ${name} page`);
  };
  if (page === SES_PAGE.supportedPages) {
    const pages = read.supported ?? missing('Supported Diagnostic Pages');
    emit({ json: { pageCode: 0, pages }, raw: raw([0]), text: () => `Supported diagnostic pages: ${pages.map((p) => `0x${p.toString(16).padStart(2, '0')}`).join(' ')}` }, options);
    return 0;
  }
  if (page === SES_PAGE.configuration) {
    emit({ json: read.configuration, raw: raw([1]), text: () => configurationText(read.configuration) }, options);
    return 0;
  }
  if (page === SES_PAGE.enclosureStatus) {
    const s = read.status ?? missing('Enclosure Status');
    const flagsLine = ['invop', 'info', 'nonCritical', 'critical', 'unrecoverable'].filter((k) => s[k as keyof typeof s] === true).join(' ') || 'none';
    emit(
      {
        json: { ...s, elements: pick(s.elements) },
        raw: raw([2]),
        text: () => [`Enclosure Status page: generation code ${s.generationCode}${s.generationMatches ? '' : ' (not the configuration\'s: read again)'}, summary: ${flagsLine}`, ...pick(s.elements).map((e) => `  ${where(e).padEnd(8)} ${e.elementTypeName}: ${statusText(e)}`)].join('\n'),
      },
      options,
    );
    return 0;
  }
  if (page === SES_PAGE.elementDescriptor) {
    const d = read.descriptors ?? missing('Element Descriptor');
    emit({ json: { ...d, descriptors: pick(d.descriptors) }, raw: raw([7]), text: () => [`Element Descriptor page: generation code ${d.generationCode}`, ...pick(d.descriptors).map((e) => `  ${where(e).padEnd(8)} ${e.elementTypeName}: ${e.text || '<empty>'}`)].join('\n') }, options);
    return 0;
  }
  if (page === SES_PAGE.additionalElementStatus) {
    const a = read.additional ?? missing('Additional Element Status');
    const descriptors = address === undefined ? a.descriptors : a.descriptors.filter((d) => d.element?.typeIndex === address.typeIndex && d.element.index === address.index);
    const text = (): string =>
      [
        `Additional Element Status page: generation code ${a.generationCode}`,
        ...descriptors.map((d) => {
          const head = `  ${d.element ? `${where(d.element).padEnd(8)} ${d.element.elementTypeName}` : `element index ${String(d.elementIndexField)} (not in the configuration)`}: ${d.protocolName}${d.eip ? `, element index ${String(d.elementIndexField)} eiioe=${d.eiioe}` : ''}${d.invalid ? ', INVALID' : ''}`;
          const sas = d.sas;
          if (sas?.kind === 'slot') return [head, `    device slot number ${String(sas.deviceSlotNumber)}`, ...sas.phys.map((p, i) => `    phy ${i}: ${p.deviceTypeName}, SAS address ${p.sasAddress}, attached ${p.attachedSasAddress}, phy id ${p.phyIdentifier}${flags({ sspTarget: p.sspTarget, stpTarget: p.stpTarget, smpTarget: p.smpTarget, sataDevice: p.sataDevice }) ? `, ${flags({ sspTarget: p.sspTarget, stpTarget: p.stpTarget, smpTarget: p.smpTarget, sataDevice: p.sataDevice })}` : ''}`)].join('\n');
          if (sas?.kind === 'expander') return [head, `    SAS address ${sas.sasAddress}, ${sas.phys.length} phys; other element indexes: ${sas.phys.map((p) => p.otherElementIndex).join(' ')}`].join('\n');
          return `${head}\n    ${d.hex}`;
        }),
      ].join('\n');
    emit({ json: { ...a, descriptors }, raw: raw([0x0a]), text }, options);
    return 0;
  }
  const rows = pick(joinSesPages(read));
  emit({ json: { configuration: read.configuration, elements: rows }, raw: raw([1, 2, 7, 0x0a]), text: () => joinText(rows) }, options);
  return 0;
}

/** Runs `ses`. */
export async function ses(device: string | undefined, options: SesOptions): Promise<number> {
  const page = options.page === undefined ? undefined : parsePageSpec(options.page, PAGE_ACRONYMS, '--page').page;
  if (page !== undefined && !DECODED.has(page)) throw new CliError(`--page ${options.page}: sgio decodes the SES pages 0 (sdp), 1 (cf), 2 (es), 7 (ed) and 0xa (aes)`);
  if (page !== undefined && options.join) throw new CliError('--page and --join: give one (the join reads pages 1, 2, 7 and 0xa)');
  const address = options.index === undefined ? undefined : parseSesIndex(options.index);
  const change = indicatorChange(options);
  if (change !== undefined) {
    if (address === undefined) throw new CliError('--set-/--clear- need --index to say which element');
    if (options.inhex !== undefined) throw new CliError('--set-/--clear- change a device; they cannot be used with --inhex');
    if (device === undefined) throw new CliError('name the enclosure device whose indicator to change');
    return setIndicator(device, address, change, options);
  }
  if (options.inhex !== undefined) return show(pagesFromFile(options.inhex), page, address, options);
  if (device === undefined) throw new CliError('name an enclosure device, or give --inhex FILE');
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    if (page === SES_PAGE.supportedPages) {
      const { data } = await runFlow(session, diagnosticPageFlow(0, flowOptions(session)));
      return show({ raw: [{ pageCode: 0, bytes: data }], supported: [...decodeSupportedDiagnosticPages(data).pages] } as unknown as SesPagesRead & { supported: number[] }, page, address, options);
    }
    const pages = page === undefined ? undefined : page === SES_PAGE.configuration ? [] : [page];
    const read = await runFlow(session, sesPagesFlow({ ...flowOptions(session), ...(pages ? { pages } : {}) }));
    return show(read, page, address, options);
  });
}

async function setIndicator(device: string, address: SesElementAddress, change: SesIndicatorChange, options: SesOptions): Promise<number> {
  const what = [change.ident === undefined ? '' : `${change.ident ? 'set' : 'clear'}-ident`, change.fault === undefined ? '' : `${change.fault ? 'set' : 'clear'}-fault`].filter(Boolean).join(',');
  const reporter = new ControlReporter(device, `ses ${what}`, { typeIndex: address.typeIndex, index: address.index, ...change }, options);
  // read-write, as sgio start/stop: a node the user may only read is refused at open
  return withDevice(device, options, async (session) => {
    const r = await runFlow(session, sesIndicatorFlow(address, change, flowOptions(session)));
    reporter.add(r.result);
    return reporter.done(`${what} on element ${address.typeIndex},${address.index} of ${device}`);
  });
}

