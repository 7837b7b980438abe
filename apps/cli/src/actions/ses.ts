/** `sgio ses`: SES pages from a device or an --inhex file, their join, and the IDENT/FAULT of the elements --index selects (like sg_ses). */
import { diagnosticPageFlow, sesIndicatorFlow, sesPagesFlow, type SesPagesRead } from '@sgio/core';
import {
  decodeSesAdditionalElementStatus,
  decodeSesConfiguration,
  decodeSesElementDescriptors,
  decodeSesEnclosureStatus,
  decodeSesStringIn,
  decodeSesThresholdIn,
  decodeSupportedDiagnosticPages,
  joinSesPages,
  SES_PAGE,
  SesElementSelectionError,
  selectSesElements,
  splitDiagnosticPages,
  type SesConfiguration,
  type SesElementPosition,
  type SesElementSelector,
  type SesIndicatorChange,
  type SesJoinedElement,
  type SesStatusElement,
  type SesStringIn,
} from '@sgio/struct';
import { CliError } from '../common/cli-error.js';
import { ControlReporter } from '../common/control-report.js';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { readInhex } from '../common/inhex.js';
import { parsePageSpec } from '../common/page-spec.js';
import { parseSesIndex } from './ses-index.js';
import { stringInText, thresholdText } from './ses-text.js';

export { parseSesIndex } from './ses-index.js';

/** Options of `ses`. */
export interface SesOptions extends CommonOptions {
  /** One page (number or acronym). */
  page?: string;
  /** The join (default). */
  join?: boolean;
  /** Pages from a file. */
  inhex?: string;
  /** Elements: sg_ses' `--index` forms (`II`, `II-JJ`, `TI,II`, `ET`, `ET,II-JJ`, `_C_N`, `-1`, ...). */
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
const PAGE_ACRONYMS: Readonly<Record<string, number>> = { sdp: 0x00, cf: 0x01, es: 0x02, ec: 0x02, str: 0x04, th: 0x05, ed: 0x07, aes: 0x0a };
const DECODED = new Set([0x00, 0x01, 0x02, 0x04, 0x05, 0x07, 0x0a]);

/** The positions (`withOverallIndex`) a selector names in this configuration, or undefined for all. @throws {@link CliError} when it names none. */
function selectedIn(config: SesConfiguration, selector: SesElementSelector | undefined, text: string | undefined): Set<number> | undefined {
  if (selector === undefined) return undefined;
  try {
    return new Set(selectSesElements(config, selector).map((p) => p.withOverallIndex));
  } catch (e) {
    if (e instanceof SesElementSelectionError) throw new CliError(`--index ${String(text)}: ${e.message}`);
    throw e;
  }
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
  const t = get(SES_PAGE.thresholdIn);
  const d = get(SES_PAGE.elementDescriptor);
  const a = get(SES_PAGE.additionalElementStatus);
  return {
    raw: pages,
    configuration,
    status: s && decodeSesEnclosureStatus(s, configuration),
    thresholds: t && decodeSesThresholdIn(t, configuration),
    descriptors: d && decodeSesElementDescriptors(d, configuration),
    additional: a && decodeSesAdditionalElementStatus(a, configuration),
    result: undefined as never,
    ...(supported ? { supported: [...decodeSupportedDiagnosticPages(supported).pages] } : {}),
  };
}

/** Prints one page or the join of what was read. */
function show(read: SesPagesRead & { supported?: number[] }, page: number | undefined, selector: SesElementSelector | undefined, options: SesOptions): number {
  const raw = (codes: number[]): Uint8Array => {
    const chosen = read.raw.filter((p) => codes.includes(p.pageCode));
    const out = new Uint8Array(chosen.reduce((n, p) => n + p.bytes.length, 0));
    let at = 0;
    for (const p of chosen) out.set(p.bytes, (at += p.bytes.length) - p.bytes.length);
    return out;
  };
  const selected = page === SES_PAGE.supportedPages || page === SES_PAGE.configuration ? undefined : selectedIn(read.configuration, selector, options.index);
  const pick = <T extends SesElementPosition>(list: readonly T[]): T[] => (selected === undefined ? [...list] : list.filter((e) => selected.has(e.withOverallIndex)));
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
  if (page === SES_PAGE.thresholdIn) {
    const t = read.thresholds ?? missing('Threshold In');
    const shown = { ...t, elements: pick(t.elements) };
    emit({ json: shown, raw: raw([5]), text: () => thresholdText(shown) }, options);
    return 0;
  }
  if (page === SES_PAGE.elementDescriptor) {
    const d = read.descriptors ?? missing('Element Descriptor');
    emit({ json: { ...d, descriptors: pick(d.descriptors) }, raw: raw([7]), text: () => [`Element Descriptor page: generation code ${d.generationCode}`, ...pick(d.descriptors).map((e) => `  ${where(e).padEnd(8)} ${e.elementTypeName}: ${e.text || '<empty>'}`)].join('\n') }, options);
    return 0;
  }
  if (page === SES_PAGE.additionalElementStatus) {
    const a = read.additional ?? missing('Additional Element Status');
    const descriptors = selected === undefined ? a.descriptors : a.descriptors.filter((d) => d.element !== undefined && selected.has(d.element.withOverallIndex));
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

/** Prints the String In page (04h), which needs no configuration. */
function showStringIn(bytes: Uint8Array, options: SesOptions): number {
  const page: SesStringIn = decodeSesStringIn(bytes);
  emit({ json: page, raw: bytes, text: () => stringInText(page) }, options);
  return 0;
}

/** The String In page of an --inhex file. */
function stringInFromFile(path: string): Uint8Array {
  const pages = splitDiagnosticPages(readInhex(path));
  const page = pages.find((p) => p.pageCode === SES_PAGE.stringIn);
  if (page === undefined) throw new CliError(`--inhex ${path} has no String In page (04h) among its pages (${pages.map((p) => `0x${p.pageCode.toString(16)}`).join(', ') || 'none'})`);
  return page.bytes;
}

/** Runs `ses`. */
export async function ses(device: string | undefined, options: SesOptions): Promise<number> {
  const page = options.page === undefined ? undefined : parsePageSpec(options.page, PAGE_ACRONYMS, '--page').page;
  if (page !== undefined && !DECODED.has(page)) throw new CliError(`--page ${options.page}: sgio decodes the SES pages 0 (sdp), 1 (cf), 2 (es), 4 (str), 5 (th), 7 (ed) and 0xa (aes)`);
  if (page !== undefined && options.join) throw new CliError('--page and --join: give one (the join reads pages 1, 2, 7 and 0xa)');
  const selector = options.index === undefined ? undefined : parseSesIndex(options.index);
  if (selector !== undefined && page === SES_PAGE.stringIn) throw new CliError('--index with --page str: the String In page has no elements; drop --index');
  const change = indicatorChange(options);
  if (change !== undefined) {
    if (selector === undefined) throw new CliError('--set-/--clear- need --index to say which element(s)');
    if (options.inhex !== undefined) throw new CliError('--set-/--clear- change a device; they cannot be used with --inhex');
    if (device === undefined) throw new CliError('name the enclosure device whose indicator to change');
    return setIndicator(device, selector, change, options);
  }
  if (options.inhex !== undefined) {
    if (page === SES_PAGE.stringIn) return showStringIn(stringInFromFile(options.inhex), options);
    return show(pagesFromFile(options.inhex), page, selector, options);
  }
  if (device === undefined) throw new CliError('name an enclosure device, or give --inhex FILE');
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    if (page === SES_PAGE.supportedPages) {
      const { data } = await runFlow(session, diagnosticPageFlow(0, flowOptions(session)));
      return show({ raw: [{ pageCode: 0, bytes: data }], supported: [...decodeSupportedDiagnosticPages(data).pages] } as unknown as SesPagesRead & { supported: number[] }, page, selector, options);
    }
    if (page === SES_PAGE.stringIn) return showStringIn((await runFlow(session, diagnosticPageFlow(SES_PAGE.stringIn, flowOptions(session)))).data, options);
    const pages = page === undefined ? undefined : page === SES_PAGE.configuration ? [] : [page];
    const read = await runFlow(session, sesPagesFlow({ ...flowOptions(session), ...(pages ? { pages } : {}) }));
    return show(read, page, selector, options);
  });
}

async function setIndicator(device: string, selector: SesElementSelector, change: SesIndicatorChange, options: SesOptions): Promise<number> {
  const what = [change.ident === undefined ? '' : `${change.ident ? 'set' : 'clear'}-ident`, change.fault === undefined ? '' : `${change.fault ? 'set' : 'clear'}-fault`].filter(Boolean).join(',');
  const reporter = new ControlReporter(device, `ses ${what}`, { index: options.index, ...change }, options);
  // read-write, as sgio start/stop: a node the user may only read is refused at open
  return withDevice(device, options, async (session) => {
    // one Enclosure Control page selects every element of the index (sg_ses sends one page per element of a range)
    const r = await runFlow(session, sesIndicatorFlow(selector, change, flowOptions(session)));
    reporter.add(r.result);
    return reporter.done(`${what} on element${r.elements.length === 1 ? '' : 's'} ${r.elements.map((e) => `${e.typeIndex},${e.index}`).join(' ')} of ${device}`);
  });
}
