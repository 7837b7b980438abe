/**
 * The open decoder registry: which decoder reads which VPD, mode and log page.
 *
 * @packageDocumentation
 */
export { DecoderConflictError, DecoderRegistry } from './decoder-registry.js';
export { logPageNameIn, modePageNameIn, vpdPageNameIn, type PageNameSource } from './page-names.js';
export { createDecoderRegistry, standardDecoders, standardPageDecoders, type StandardDecoders } from './standard-decoders.js';
export type {
  LogPageDecoder,
  LogPagesOf,
  ModePageDecoder,
  ModePagesOf,
  PageDecodeResult,
  PageDecoderCommon,
  PageDecoderPack,
  VpdPageDecoder,
  VpdPagesOf,
} from './page-decoder.js';
