/** Temperature log page (0x0D, SPC-6 7.3.25). */
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters, type LogParameter } from './parameters.js';

/** Decoded Temperature log page. */
export interface TemperatureLogPage extends LogPageHeader {
  /** Current temperature in °C (parameter 0x0000), or null when absent or 0xFF (not available). */
  readonly currentTemperature: number | null;
  /** Reference temperature in °C (parameter 0x0001), or null when absent or 0xFF. */
  readonly referenceTemperature: number | null;
  /** Every parameter, generically. */
  readonly parameters: LogParameter[];
}

function celsius(value: Uint8Array | undefined): number | null {
  if (value === undefined || value.length < 2 || value[1] === 0xff) return null;
  return value[1]!;
}

/**
 * Decodes the Temperature log page (0x0D, subpage 0).
 * @throws {@link DecodeError} on fewer than 4 bytes, another page code or a malformed parameter list.
 */
export function decodeTemperatureLogPage(bytes: Uint8Array): TemperatureLogPage {
  const frame = readLogPageFrame(bytes, 'Temperature log page', 0x0d);
  const list = readLogParameters(frame, 'Temperature log page');
  const find = (code: number) => list.entries.find((e) => e.parameter.parameterCode === code)?.valueBytes;
  return {
    ...frame.header,
    currentTemperature: celsius(find(0x0000)),
    referenceTemperature: celsius(find(0x0001)),
    parameters: list.entries.map((e) => e.parameter),
  };
}
