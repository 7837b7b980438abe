/**
 * SCSI Enclosure Services through RECEIVE DIAGNOSTIC RESULTS and SEND
 * DIAGNOSTIC: the Configuration page first (its type headers order every
 * other page's elements), then the Enclosure Status, Threshold In, Element
 * Descriptor and Additional Element Status pages decoded with it; and the
 * read-modify-write that sets or clears the locate (IDENT) or fault
 * indicator of one element or of several (one Enclosure Control page).
 *
 * No lab target emulates an enclosure: these flows are tested on scripted
 * devices only (flows.test.ts), their pages' decoders on sg_ses' decoding of
 * fixtures (struct's ses peer test).
 */
import {
  decodeSesAdditionalElementStatus,
  decodeSesConfiguration,
  decodeSesElementDescriptors,
  decodeSesEnclosureStatus,
  decodeSesThresholdIn,
  encodeSesIndicatorControl,
  selectSesElements,
  receiveDiagnosticResults,
  SenseKey,
  sendDiagnostic,
  SES_PAGE,
  type SesAdditionalElementStatus,
  type SesConfiguration,
  type SesElementAddress,
  type SesElementDescriptors,
  type SesElementSelector,
  type SesEnclosureStatus,
  type SesIndicatorChange,
  type SesThresholdIn,
} from '@sgio/struct';
import { BlockRequestError } from '../commands/command-errors.js';
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import { CheckConditionError } from '../errors/scsi-errors.js';
import type { CommandResult } from '../execute/result.js';
import { step, type CommandFlow } from './command-step.js';
import { decodeResponse, fetchWhole, lengthField } from './fetch-whole.js';

/** First allocation length of RECEIVE DIAGNOSTIC RESULTS; re-asked with the page's length when longer (at most 65535). */
export const DIAGNOSTIC_FIRST_ALLOCATION = 4096;

/** One diagnostic page, fetched whole: PCV set, re-asked with the declared PAGE LENGTH. */
export function* diagnosticPageFlow(pageCode: number, options: CommandOptions = {}): CommandFlow<{ data: Uint8Array; result: CommandResult }> {
  if (!Number.isInteger(pageCode) || pageCode < 0 || pageCode > 0xff) throw new RangeError(`diagnosticPage(): page code must be 0..0xff, got ${pageCode}`);
  const exec = commandOptions(options);
  return yield* fetchWhole(
    (allocationLength) => step(receiveDiagnosticResults, { pcv: true, pageCode, allocationLength }, exec),
    DIAGNOSTIC_FIRST_ALLOCATION,
    0xffff,
    (d) => {
      const n = lengthField(d, 2, 2);
      return n === undefined ? undefined : n + 4;
    },
  );
}

/** A page the enclosure does not have: ILLEGAL REQUEST (invalid field in CDB, or the command unknown). */
function isMissingPage(e: unknown): boolean {
  return e instanceof CheckConditionError && e.senseKey === SenseKey.ILLEGAL_REQUEST;
}

/** What {@link sesPagesFlow} read: each page's bytes and its decoding (undefined for a page the enclosure lacks). */
export interface SesPagesRead {
  /** The pages as returned, in the order read (for `--hex`, or to decode again). */
  readonly raw: readonly {
    /** The diagnostic page code. */
    readonly pageCode: number;
    /** The page as the device returned it. */
    readonly bytes: Uint8Array;
  }[];
  /** Configuration (01h). */
  readonly configuration: SesConfiguration;
  /** Enclosure Status (02h). */
  readonly status: SesEnclosureStatus | undefined;
  /** Threshold In (05h), when asked for. */
  readonly thresholds?: SesThresholdIn | undefined;
  /** Element Descriptor (07h), when the enclosure has it. */
  readonly descriptors: SesElementDescriptors | undefined;
  /** Additional Element Status (0Ah), when the enclosure has it. */
  readonly additional: SesAdditionalElementStatus | undefined;
  /** The last command's result. */
  readonly result: CommandResult;
}

/** Options of {@link sesPagesFlow}. */
export interface SesPagesOptions extends CommandOptions {
  /** Pages to read after the configuration (default 02h, 07h, 0Ah: what a join needs; 05h Threshold In on request). 07h and 0Ah are skipped when the enclosure rejects them. */
  readonly pages?: readonly number[];
}

/**
 * Reads the Configuration page and then the other pages named in
 * `options.pages` (02h, 05h, 07h, 0Ah), decoding each with the configuration.
 * When a page's generation code differs from the configuration's (the
 * enclosure changed in between), the configuration and the pages are read
 * once more.
 */
export function* sesPagesFlow(options: SesPagesOptions = {}): CommandFlow<SesPagesRead> {
  const wanted = options.pages ?? [SES_PAGE.enclosureStatus, SES_PAGE.elementDescriptor, SES_PAGE.additionalElementStatus];
  for (const p of wanted) {
    if (p !== SES_PAGE.enclosureStatus && p !== SES_PAGE.thresholdIn && p !== SES_PAGE.elementDescriptor && p !== SES_PAGE.additionalElementStatus) {
      throw new BlockRequestError(`sesPages(): page 0x${p.toString(16)} is not one sgio decodes with the configuration (0x02, 0x05, 0x07, 0x0a)`);
    }
  }
  let read: SesPagesRead | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    read = yield* readSesPagesOnce(wanted, options);
    const stale = [read.status, read.thresholds, read.descriptors, read.additional].some((p) => p !== undefined && !p.generationMatches);
    if (!stale) break;
  }
  return read!;
}

function* readSesPagesOnce(wanted: readonly number[], options: CommandOptions): CommandFlow<SesPagesRead> {
  const cfg = yield* diagnosticPageFlow(SES_PAGE.configuration, options);
  const configuration = decodeResponse('RECEIVE DIAGNOSTIC RESULTS (Configuration)', cfg.data, decodeSesConfiguration);
  const raw: { pageCode: number; bytes: Uint8Array }[] = [{ pageCode: SES_PAGE.configuration, bytes: cfg.data }];
  let result = cfg.result;
  let status: SesEnclosureStatus | undefined;
  let thresholds: SesThresholdIn | undefined;
  let descriptors: SesElementDescriptors | undefined;
  let additional: SesAdditionalElementStatus | undefined;
  for (const pageCode of wanted) {
    let page: { data: Uint8Array; result: CommandResult };
    try {
      page = yield* diagnosticPageFlow(pageCode, options);
    } catch (e) {
      // pages asked for on their own (02h, 05h) are errors when missing; the join's optional ones are not
      if ((pageCode === SES_PAGE.elementDescriptor || pageCode === SES_PAGE.additionalElementStatus) && isMissingPage(e)) continue;
      throw e;
    }
    raw.push({ pageCode, bytes: page.data });
    result = page.result;
    const name = `RECEIVE DIAGNOSTIC RESULTS (page 0x${pageCode.toString(16).padStart(2, '0')})`;
    if (pageCode === SES_PAGE.enclosureStatus) status = decodeResponse(name, page.data, (b) => decodeSesEnclosureStatus(b, configuration));
    else if (pageCode === SES_PAGE.thresholdIn) thresholds = decodeResponse(name, page.data, (b) => decodeSesThresholdIn(b, configuration));
    else if (pageCode === SES_PAGE.elementDescriptor) descriptors = decodeResponse(name, page.data, (b) => decodeSesElementDescriptors(b, configuration));
    else additional = decodeResponse(name, page.data, (b) => decodeSesAdditionalElementStatus(b, configuration));
  }
  return { raw, configuration, status, thresholds, descriptors, additional, result };
}

/** What {@link sesIndicatorFlow} did. */
export interface SesIndicatorResult {
  /** The Enclosure Control page sent. */
  readonly control: Uint8Array;
  /** The configuration it was built with. */
  readonly configuration: SesConfiguration;
  /** The elements it selected (SELECT set), in configuration order. */
  readonly elements: readonly SesElementAddress[];
  /** SEND DIAGNOSTIC's result. */
  readonly result: CommandResult;
}

/** Which elements {@link sesIndicatorFlow} changes: one address, a list, or a selector resolved against the configuration (a type header by index or element type; an individual index, a range or the overall element). */
export type SesIndicatorTarget = SesElementAddress | readonly SesElementAddress[] | SesElementSelector;

function addressesOf(target: SesIndicatorTarget, configuration: SesConfiguration): readonly SesElementAddress[] {
  if (Array.isArray(target)) return target as readonly SesElementAddress[];
  if ('type' in (target as object)) return selectSesElements(configuration, target as SesElementSelector).map((p) => ({ typeIndex: p.typeIndex, index: p.index }));
  return [target as SesElementAddress];
}

/**
 * Sets or clears the IDENT (locate) and/or fault indicator of the elements
 * `target` names: reads the Configuration and Enclosure Status pages, builds
 * one Enclosure Control page that selects each of them (struct's
 * `encodeSesIndicatorControl`) and sends it with one SEND DIAGNOSTIC (PF
 * set). What it changes is enclosure state, not user data (struct's
 * `SES_INDICATOR_EFFECT`, `state`), although SEND DIAGNOSTIC with a
 * parameter list classifies `destructive` on its own: the CDB cannot tell an
 * indicator from any other diagnostic page.
 * @throws BlockRequestError (`ERR_BLOCK_REQUEST`) when the target names no
 * element of this enclosure or an element without these indicators; nothing
 * is sent then.
 */
export function* sesIndicatorFlow(target: SesIndicatorTarget, change: SesIndicatorChange, options: CommandOptions = {}): CommandFlow<SesIndicatorResult> {
  if (change.ident === undefined && change.fault === undefined) throw new BlockRequestError('sesIndicator(): say which indicator to change (ident and/or fault)');
  const read = yield* sesPagesFlow({ ...options, pages: [SES_PAGE.enclosureStatus] });
  const statusBytes = read.raw.find((p) => p.pageCode === SES_PAGE.enclosureStatus)!.bytes;
  let control: Uint8Array;
  let elements: readonly SesElementAddress[];
  try {
    elements = addressesOf(target, read.configuration);
    control = encodeSesIndicatorControl(statusBytes, read.configuration, elements, change);
  } catch (e) {
    throw new BlockRequestError(`sesIndicator(): ${(e as Error).message}`, { cause: e });
  }
  const result = yield step(sendDiagnostic, { pf: true, parameterListLength: control.length }, { ...commandOptions(options), data: control });
  return { control, configuration: read.configuration, elements, result };
}
