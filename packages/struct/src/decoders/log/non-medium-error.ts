/** Non-Medium Error log page (0x06, SPC-6 7.3.13). */
import { counterOf } from './error-counter.js';
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters, type LogParameter } from './parameters.js';

/** Decoded Non-Medium Error log page. */
export interface NonMediumErrorLogPage extends LogPageHeader {
  /** Non-medium error count (parameter 0x0000), or null when absent. */
  readonly nonMediumErrorCount: bigint | null;
  /** Every parameter, generically (vendor parameters included). */
  readonly parameters: LogParameter[];
}

/**
 * Decodes the Non-Medium Error log page (0x06).
 * @throws {@link DecodeError} on fewer than 4 bytes, another page code or a malformed parameter list.
 */
export function decodeNonMediumErrorLogPage(bytes: Uint8Array): NonMediumErrorLogPage {
  const frame = readLogPageFrame(bytes, 'Non-Medium Error log page', 0x06);
  const list = readLogParameters(frame, 'Non-Medium Error log page');
  return {
    ...frame.header,
    nonMediumErrorCount: counterOf(list.entries.find((e) => e.parameter.parameterCode === 0)?.valueBytes),
    parameters: list.entries.map((e) => e.parameter),
  };
}
