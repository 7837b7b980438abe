/** Format Status log page (0x08, SBC-5 6.5.4). */
import { counterOf } from './error-counter.js';
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters, type LogParameter } from './parameters.js';

/** Decoded Format Status log page; a counter is null when absent or all ones (not available). */
export interface FormatStatusLogPage extends LogPageHeader {
  /** FORMAT UNIT parameter data of the last format (parameter 0x0000) as hex, or null when absent or empty. */
  readonly formatDataOutHex: string | null;
  /** Grown defects during certification (0x0001). */
  readonly grownDefectsDuringCertification: bigint | null;
  /** Total blocks reassigned during format (0x0002). */
  readonly totalBlocksReassignedDuringFormat: bigint | null;
  /** Total new blocks reassigned since the format (0x0003). */
  readonly totalNewBlocksReassigned: bigint | null;
  /** Power on minutes since the format (0x0004). */
  readonly powerOnMinutesSinceFormat: bigint | null;
  /** Every parameter, generically. */
  readonly parameters: LogParameter[];
}

/**
 * Decodes the Format Status log page (0x08).
 * @throws {@link DecodeError} on fewer than 4 bytes, another page code or a malformed parameter list.
 */
export function decodeFormatStatusLogPage(bytes: Uint8Array): FormatStatusLogPage {
  const frame = readLogPageFrame(bytes, 'Format Status log page', 0x08);
  const list = readLogParameters(frame, 'Format Status log page');
  const find = (code: number) => list.entries.find((e) => e.parameter.parameterCode === code);
  const count = (code: number): bigint | null => {
    const v = find(code)?.valueBytes;
    return v === undefined || v.every((b) => b === 0xff) ? null : counterOf(v);
  };
  const out = find(0);
  return {
    ...frame.header,
    formatDataOutHex: out === undefined || out.valueBytes.length === 0 ? null : out.parameter.valueHex,
    grownDefectsDuringCertification: count(1),
    totalBlocksReassignedDuringFormat: count(2),
    totalNewBlocksReassigned: count(3),
    powerOnMinutesSinceFormat: count(4),
    parameters: list.entries.map((e) => e.parameter),
  };
}
