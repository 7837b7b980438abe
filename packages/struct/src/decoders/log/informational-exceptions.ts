/** Informational Exceptions log page (0x2F, SPC-6 7.3.9). */
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters, type LogParameter } from './parameters.js';

/** Decoded Informational Exceptions log page. */
export interface InformationalExceptionsLogPage extends LogPageHeader {
  /** Informational exception ASC of parameter 0x0000 (0: none), or null when absent. */
  readonly ieAsc: number | null;
  /** Informational exception ASCQ of parameter 0x0000, or null when absent. */
  readonly ieAscq: number | null;
  /** Most recent temperature reading in °C, or null when absent or 0xFF. */
  readonly mostRecentTemperature: number | null;
  /** Every parameter, generically. */
  readonly parameters: LogParameter[];
}

/**
 * Decodes the Informational Exceptions log page (0x2F, subpage 0).
 * @throws {@link DecodeError} on fewer than 4 bytes, another page code or a malformed parameter list.
 */
export function decodeInformationalExceptionsLogPage(bytes: Uint8Array): InformationalExceptionsLogPage {
  const frame = readLogPageFrame(bytes, 'Informational Exceptions log page', 0x2f);
  const list = readLogParameters(frame, 'Informational Exceptions log page');
  const v = list.entries.find((e) => e.parameter.parameterCode === 0)?.valueBytes;
  return {
    ...frame.header,
    ieAsc: v !== undefined && v.length >= 1 ? v[0]! : null,
    ieAscq: v !== undefined && v.length >= 2 ? v[1]! : null,
    mostRecentTemperature: v !== undefined && v.length >= 3 && v[2] !== 0xff ? v[2]! : null,
    parameters: list.entries.map((e) => e.parameter),
  };
}
