/**
 * Flows of the identification commands: standard INQUIRY, VPD pages,
 * REQUEST SENSE, REPORT LUNS and REPORT SUPPORTED OPERATION CODES, each
 * fetched whole (re-asked with the length the response declares, as
 * sg3_utils does) and decoded.
 */
import {
  decodeInquiry,
  decodeOneSupportedOpcode,
  decodeReportLuns,
  decodeSense,
  decodeSupportedOpcodes,
  decodeVpdPage,
  inquiry,
  reportLuns,
  reportSupportedOpcodes,
  requestSense,
  type GenericVpdPage,
  type InquiryData,
  type OneSupportedOpcodeData,
  type ReportLunsData,
  type SenseData,
  type SupportedOpcodesData,
  type VpdPage,
} from '@sgio/struct';
import { ResponseDecodeError } from '../commands/command-errors.js';
import { commandOptions, type CommandOptions, type ReportLunsOptions, type RequestSenseOptions } from '../commands/command-options.js';
import { step, type CommandFlow, type FlowResult } from './command-step.js';
import { dataOf, decodeResponse, fetchWhole, lengthField } from './fetch-whole.js';
import type { PageDecodeOptions } from './page-decode-options.js';

/** First allocation length of INQUIRY (standard and VPD), as sg_inq and sg_vpd use. */
export const INQUIRY_FIRST_ALLOCATION = 252;
/** Largest allocation length of a 16-bit ALLOCATION LENGTH field. */
export const MAX_ALLOCATION_16 = 0xffff;

/** Standard INQUIRY data, fetched whole and decoded. */
export function* inquiryFlow(options: CommandOptions = {}): CommandFlow<FlowResult<InquiryData>> {
  const exec = commandOptions(options);
  const { data, result } = yield* fetchWhole(
    (allocationLength) => step(inquiry, { allocationLength }, exec),
    INQUIRY_FIRST_ALLOCATION,
    MAX_ALLOCATION_16,
    (d) => (d.length > 4 ? d[4]! + 5 : undefined),
  );
  return { data, result, decoded: decodeResponse('INQUIRY', data, decodeInquiry) };
}

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

/**
 * A VPD page (INQUIRY with EVPD), fetched whole and decoded with
 * `options.decoders` (default the standard decoders; pages without a
 * decoder come back generic, with the raw body).
 */
export function* vpdFlow<V = VpdPage>(page: number, options: CommandOptions & PageDecodeOptions<V, unknown, unknown> = {}): CommandFlow<FlowResult<V | GenericVpdPage>> {
  const exec = commandOptions(options);
  if (!Number.isInteger(page) || page < 0 || page > 0xff) throw new RangeError(`vpd(): page must be a page code 0..255, got ${String(page)}`);
  const { data, result } = yield* fetchWhole(
    (allocationLength) => step(inquiry, { evpd: true, pageCode: page, allocationLength }, exec),
    INQUIRY_FIRST_ALLOCATION,
    MAX_ALLOCATION_16,
    (d) => {
      const n = lengthField(d, 2, 2);
      return n === undefined ? undefined : n + 4;
    },
  );
  if (data.length >= 2 && data[1] !== page) {
    throw new ResponseDecodeError(`INQUIRY VPD ${hex(page)}`, data, new Error(`the device returned page ${hex(data[1]!)} instead of ${hex(page)}`));
  }
  const decoders = options.decoders;
  return { data, result, decoded: decodeResponse(`INQUIRY VPD ${hex(page)}`, data, (b) => decodeVpdPage<V>(b, decoders)) };
}

/** REQUEST SENSE, decoded; `decoded` is undefined when the device returned no sense bytes. */
export function* requestSenseFlow(options: RequestSenseOptions = {}): CommandFlow<FlowResult<SenseData | undefined>> {
  const exec = commandOptions(options);
  const result = yield step(requestSense, { desc: options.descriptorFormat ?? false, allocationLength: INQUIRY_FIRST_ALLOCATION }, exec);
  const data = dataOf(result);
  return { data, result, decoded: data.length === 0 ? undefined : decodeResponse('REQUEST SENSE', data, decodeSense) };
}

/** REPORT LUNS, decoded, with every LUN (asks again when 8 KiB was not enough). */
export function* reportLunsFlow(options: ReportLunsOptions = {}): CommandFlow<FlowResult<ReportLunsData>> {
  const exec = commandOptions(options);
  const selectReport = options.selectReport ?? 0;
  const { data, result } = yield* fetchWhole(
    (allocationLength) => step(reportLuns, { selectReport, allocationLength }, exec),
    8192,
    16 * 1024 * 1024,
    (d) => {
      const n = lengthField(d, 0, 4);
      return n === undefined ? undefined : n + 8;
    },
  );
  return { data, result, decoded: decodeResponse('REPORT LUNS', data, decodeReportLuns) };
}

/** Options of {@link supportedOpcodesFlow} and {@link oneSupportedOpcodeFlow}. */
export interface SupportedOpcodesOptions extends CommandOptions {
  /** Ask for command timeouts descriptors (RCTD). */
  readonly timeouts?: boolean;
}

/** REPORT SUPPORTED OPERATION CODES, every command (reporting options 0), fetched whole and decoded. */
export function* supportedOpcodesFlow(options: SupportedOpcodesOptions = {}): CommandFlow<FlowResult<SupportedOpcodesData>> {
  const exec = commandOptions(options);
  const rctd = options.timeouts ?? false;
  const { data, result } = yield* fetchWhole(
    (allocationLength) => step(reportSupportedOpcodes, { rctd, allocationLength }, exec),
    8192,
    0xffffffff,
    (d) => {
      const n = lengthField(d, 0, 4);
      return n === undefined ? undefined : n + 4;
    },
  );
  return { data, result, decoded: decodeResponse('REPORT SUPPORTED OPERATION CODES', data, decodeSupportedOpcodes) };
}

/**
 * REPORT SUPPORTED OPERATION CODES for one command: `opcode` alone
 * (reporting options 1) or with `serviceAction` (reporting options 2).
 */
export function* oneSupportedOpcodeFlow(opcode: number, serviceAction: number | undefined, options: SupportedOpcodesOptions = {}): CommandFlow<FlowResult<OneSupportedOpcodeData>> {
  const exec = commandOptions(options);
  const fields = {
    rctd: options.timeouts ?? false,
    reportingOptions: serviceAction === undefined ? 1 : 2,
    requestedOpcode: opcode,
    requestedServiceAction: serviceAction ?? 0,
  };
  // one command's descriptor is at most 4 + 16 bytes of CDB usage data + 12 of timeouts: one ask fits
  const result = yield step(reportSupportedOpcodes, { ...fields, allocationLength: 8192 }, exec);
  const data = dataOf(result);
  return { data, result, decoded: decodeResponse('REPORT SUPPORTED OPERATION CODES', data, decodeOneSupportedOpcode) };
}
