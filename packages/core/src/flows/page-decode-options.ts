/**
 * The page-decoding options of the VPD, mode and log page flows.
 */
import type { DecoderRegistry } from '@sgio/struct';

/** Which decoders read a page, and for which device type. */
export interface PageDecodeOptions<V = unknown, M = unknown, L = unknown> {
  /**
   * The registry that decodes the page (default the standard decoders):
   * `createDecoderRegistry().use(pack)` adds a pack's vendor pages.
   */
  readonly decoders?: DecoderRegistry<V, M, L>;
  /**
   * Peripheral device type of the device (INQUIRY byte 0 bits 4..0), which
   * chooses among decoders limited to device types (mode and log pages; VPD
   * pages carry it in their header).
   */
  readonly deviceType?: number;
}
