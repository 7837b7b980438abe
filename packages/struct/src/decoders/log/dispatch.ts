/** Picking the log page decoder by page and subpage code. */
import { checkInput } from '../bytes.js';
import { decodeGenericLogPage, type GenericLogPage } from './generic.js';
import { decodeInformationalExceptionsLogPage, type InformationalExceptionsLogPage } from './informational-exceptions.js';
import { decodeSelfTestResultsLogPage, type SelfTestResultsLogPage } from './self-test-results.js';
import { decodeStartStopCycleLogPage, type StartStopCycleLogPage } from './start-stop-cycle.js';
import {
  decodeSupportedLogPages,
  decodeSupportedLogPagesAndSubpages,
  type SupportedLogPages,
  type SupportedLogPagesAndSubpages,
} from './supported-pages.js';
import { decodeTemperatureLogPage, type TemperatureLogPage } from './temperature.js';

/** Any decoded log page. */
export type LogPage =
  | SupportedLogPages
  | SupportedLogPagesAndSubpages
  | TemperatureLogPage
  | StartStopCycleLogPage
  | SelfTestResultsLogPage
  | InformationalExceptionsLogPage
  | GenericLogPage;

const DECODERS: ReadonlyMap<string, (bytes: Uint8Array) => LogPage> = new Map<string, (bytes: Uint8Array) => LogPage>([
  ['0,0', decodeSupportedLogPages],
  ['0,255', decodeSupportedLogPagesAndSubpages],
  ['13,0', decodeTemperatureLogPage],
  ['14,0', decodeStartStopCycleLogPage],
  ['16,0', decodeSelfTestResultsLogPage],
  ['47,0', decodeInformationalExceptionsLogPage],
]);

/**
 * Decodes a log page with the decoder for its page and subpage code; other
 * pages give a {@link GenericLogPage} with the parameter list.
 * @throws {@link DecodeError} on fewer than 4 bytes or a malformed page.
 */
export function decodeLogPage(bytes: Uint8Array): LogPage {
  checkInput(bytes, 'log page', 4);
  const decoder = DECODERS.get(`${bytes[0]! & 0x3f},${bytes[1]!}`);
  return (decoder ?? decodeGenericLogPage)(bytes);
}
