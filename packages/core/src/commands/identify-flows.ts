/**
 * Flows of the identification commands: standard INQUIRY, VPD pages,
 * REQUEST SENSE and REPORT LUNS, each fetched whole and decoded.
 */
import {
  decodeInquiry,
  decodeReportLuns,
  decodeSense,
  decodeVpdPage,
  inquiry,
  reportLuns,
  requestSense,
  type InquiryData,
  type ReportLunsData,
  type SenseData,
  type VpdPage,
} from '@sgio/struct';
import { ResponseDecodeError } from './command-errors.js';
import { commandOptions, type CommandOptions, type ReportLunsOptions, type RequestSenseOptions } from './command-options.js';
import { step, type CommandFlow } from './command-step.js';
import { decodeResponse, fetchWhole, lengthField } from './fetch-whole.js';

/** Standard INQUIRY data, decoded. */
export function* inquiryFlow(options: CommandOptions): CommandFlow<InquiryData> {
  const exec = commandOptions(options);
  const data = yield* fetchWhole(
    (allocationLength) => step(inquiry, { allocationLength }, exec),
    252,
    0xffff,
    (d) => (d.length > 4 ? d[4]! + 5 : undefined),
  );
  return decodeResponse('INQUIRY', data, decodeInquiry);
}

/** A VPD page, decoded (pages without a decoder come back generic, with the raw body). */
export function* vpdFlow(page: number, options: CommandOptions): CommandFlow<VpdPage> {
  const exec = commandOptions(options);
  if (!Number.isInteger(page) || page < 0 || page > 0xff) throw new RangeError(`vpd(): page must be a page code 0..255, got ${String(page)}`);
  const data = yield* fetchWhole(
    (allocationLength) => step(inquiry, { evpd: true, pageCode: page, allocationLength }, exec),
    252,
    0xffff,
    (d) => {
      const n = lengthField(d, 2, 2);
      return n === undefined ? undefined : n + 4;
    },
  );
  const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
  if (data.length >= 2 && data[1] !== page) {
    throw new ResponseDecodeError(`INQUIRY VPD ${hex(page)}`, data, new Error(`the device returned page ${hex(data[1]!)} instead of ${hex(page)}`));
  }
  return decodeResponse(`INQUIRY VPD ${hex(page)}`, data, decodeVpdPage);
}

/** REQUEST SENSE, decoded; undefined when the device returned no sense bytes. */
export function* requestSenseFlow(options: RequestSenseOptions): CommandFlow<SenseData | undefined> {
  const exec = commandOptions(options);
  const r = yield step(requestSense, { desc: options.descriptorFormat ?? false, allocationLength: 252 }, exec);
  const data = r.data;
  if (!data || data.length === 0) return undefined;
  return decodeResponse('REQUEST SENSE', data, decodeSense);
}

/** REPORT LUNS, decoded, with every LUN (asks again when 8 KiB was not enough). */
export function* reportLunsFlow(options: ReportLunsOptions): CommandFlow<ReportLunsData> {
  const exec = commandOptions(options);
  const selectReport = options.selectReport ?? 0;
  const data = yield* fetchWhole(
    (allocationLength) => step(reportLuns, { selectReport, allocationLength }, exec),
    8192,
    16 * 1024 * 1024,
    (d) => {
      const n = lengthField(d, 0, 4);
      return n === undefined ? undefined : n + 8;
    },
  );
  return decodeResponse('REPORT LUNS', data, decodeReportLuns);
}
