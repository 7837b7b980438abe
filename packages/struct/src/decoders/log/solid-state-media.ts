/** Solid State Media log page (0x11, SBC-5 6.5.10). */
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters, type LogParameter } from './parameters.js';

/** Decoded Solid State Media log page. */
export interface SolidStateMediaLogPage extends LogPageHeader {
  /** Percentage used endurance indicator (parameter 0x0001, may exceed 100), or null when absent. */
  readonly percentageUsedEnduranceIndicator: number | null;
  /** Every parameter, generically. */
  readonly parameters: LogParameter[];
}

/**
 * Decodes the Solid State Media log page (0x11).
 * @throws {@link DecodeError} on fewer than 4 bytes, another page code or a malformed parameter list.
 */
export function decodeSolidStateMediaLogPage(bytes: Uint8Array): SolidStateMediaLogPage {
  const frame = readLogPageFrame(bytes, 'Solid State Media log page', 0x11);
  const list = readLogParameters(frame, 'Solid State Media log page');
  const v = list.entries.find((e) => e.parameter.parameterCode === 1)?.valueBytes;
  return { ...frame.header, percentageUsedEnduranceIndicator: v !== undefined && v.length >= 4 ? v[3]! : null, parameters: list.entries.map((e) => e.parameter) };
}
