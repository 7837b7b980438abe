/** Picking the log page decoder by page and subpage code. */
import { checkInput } from '../bytes.js';
import type { DecoderRegistry } from '../registry/decoder-registry.js';
import { standardDecoders } from '../registry/standard-decoders.js';
import { decodeGenericLogPage, type GenericLogPage } from './generic.js';
import type { BackgroundScanResultsLogPage } from './background-scan.js';
import type { EnvironmentalReportingLogPage } from './environmental-reporting.js';
import type { ErrorCounterLogPage } from './error-counter.js';
import type { FormatStatusLogPage } from './format-status.js';
import type { InformationalExceptionsLogPage } from './informational-exceptions.js';
import type { NonMediumErrorLogPage } from './non-medium-error.js';
import type { PendingDefectsLogPage } from './pending-defects.js';
import type { SolidStateMediaLogPage } from './solid-state-media.js';
import type { SelfTestResultsLogPage } from './self-test-results.js';
import type { StartStopCycleLogPage } from './start-stop-cycle.js';
import type { SupportedLogPages, SupportedLogPagesAndSubpages } from './supported-pages.js';
import type { TemperatureLogPage } from './temperature.js';

/** Any decoded log page. */
export type LogPage =
  | SupportedLogPages
  | SupportedLogPagesAndSubpages
  | TemperatureLogPage
  | StartStopCycleLogPage
  | SelfTestResultsLogPage
  | InformationalExceptionsLogPage
  | ErrorCounterLogPage
  | NonMediumErrorLogPage
  | FormatStatusLogPage
  | SolidStateMediaLogPage
  | BackgroundScanResultsLogPage
  | PendingDefectsLogPage
  | EnvironmentalReportingLogPage
  | GenericLogPage;

/**
 * Decodes a log page with the decoder registered for its page and subpage
 * code in `decoders` (default: the built-in {@link standardDecoders}); other
 * pages give a {@link GenericLogPage} with the parameter list. `deviceType`
 * chooses among decoders limited to device types.
 * @throws {@link DecodeError} on fewer than 4 bytes or a malformed page.
 */
export function decodeLogPage<L = LogPage>(
  bytes: Uint8Array,
  decoders: DecoderRegistry<unknown, unknown, L> = standardDecoders as unknown as DecoderRegistry<unknown, unknown, L>,
  deviceType?: number,
): L | GenericLogPage {
  checkInput(bytes, 'log page', 4);
  const decoder = decoders.logDecoder(bytes[0]! & 0x3f, bytes[1], deviceType);
  return decoder === undefined ? decodeGenericLogPage(bytes) : decoder.decode(bytes);
}
