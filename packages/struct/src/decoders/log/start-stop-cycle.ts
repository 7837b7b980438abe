/** Start-Stop Cycle Counter log page (0x0E, SPC-6 7.3.23). */
import { asciiText, readUint } from '../bytes.js';
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters, type LogParameter } from './parameters.js';

/** A year and week, as ASCII digits in the page. */
export interface LogPageDate {
  /** Four-character year, e.g. `"2024"` (spaces when not set). */
  readonly year: string;
  /** Two-character week of the year, e.g. `"07"`. */
  readonly week: string;
}

/** Decoded Start-Stop Cycle Counter log page. Absent parameters are null. */
export interface StartStopCycleLogPage extends LogPageHeader {
  /** Date of manufacture (parameter 0x0001). */
  readonly dateOfManufacture: LogPageDate | null;
  /** Accounting date (parameter 0x0002). */
  readonly accountingDate: LogPageDate | null;
  /** Specified cycle count over device lifetime (parameter 0x0003). */
  readonly specifiedCycleCountOverDeviceLifetime: number | null;
  /** Accumulated start-stop cycles (parameter 0x0004). */
  readonly accumulatedStartStopCycles: number | null;
  /** Specified load-unload count over device lifetime (parameter 0x0005). */
  readonly specifiedLoadUnloadCountOverDeviceLifetime: number | null;
  /** Accumulated load-unload cycles (parameter 0x0006). */
  readonly accumulatedLoadUnloadCycles: number | null;
  /** Every parameter, generically. */
  readonly parameters: LogParameter[];
}

/**
 * Decodes the Start-Stop Cycle Counter log page (0x0E, subpage 0).
 * @throws {@link DecodeError} on fewer than 4 bytes, another page code or a malformed parameter list.
 */
export function decodeStartStopCycleLogPage(bytes: Uint8Array): StartStopCycleLogPage {
  const frame = readLogPageFrame(bytes, 'Start-Stop Cycle Counter log page', 0x0e);
  const list = readLogParameters(frame, 'Start-Stop Cycle Counter log page');
  const find = (code: number) => list.entries.find((e) => e.parameter.parameterCode === code)?.valueBytes;
  const date = (code: number): LogPageDate | null => {
    const v = find(code);
    return v === undefined || v.length < 6 ? null : { year: asciiText(v, 0, 4).padEnd(4), week: asciiText(v, 4, 6).padEnd(2) };
  };
  const count = (code: number): number | null => {
    const v = find(code);
    return v === undefined || v.length < 4 ? null : readUint(v, 0, 4);
  };
  return {
    ...frame.header,
    dateOfManufacture: date(1),
    accountingDate: date(2),
    specifiedCycleCountOverDeviceLifetime: count(3),
    accumulatedStartStopCycles: count(4),
    specifiedLoadUnloadCountOverDeviceLifetime: count(5),
    accumulatedLoadUnloadCycles: count(6),
    parameters: list.entries.map((e) => e.parameter),
  };
}
