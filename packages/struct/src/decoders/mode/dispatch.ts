/** Picking the mode page decoder by page and subpage code. */
import { checkInput } from '../bytes.js';
import type { DecoderRegistry } from '../registry/decoder-registry.js';
import { standardDecoders } from '../registry/standard-decoders.js';
import type { CachingModePage } from './caching.js';
import type { ControlModePage } from './control.js';
import { decodeGenericModePage, type GenericModePage } from './generic.js';
import type { InformationalExceptionsModePage } from './informational-exceptions.js';
import type { ReadWriteErrorRecoveryModePage } from './read-write-error-recovery.js';

/** Any decoded mode page. */
export type ModePage = ReadWriteErrorRecoveryModePage | CachingModePage | ControlModePage | InformationalExceptionsModePage | GenericModePage;

/**
 * Decodes the mode page at the start of `bytes` with the decoder registered
 * for its page code (page_0 format) or page and subpage code (sub_page
 * format, subpage 1..0xFE) in `decoders` (default: the built-in
 * {@link standardDecoders}, whose decoders are those of block devices,
 * SBC/SPC); other pages give a {@link GenericModePage} with the raw bytes.
 * `deviceType` chooses among decoders limited to device types.
 *
 * @throws {@link DecodeError} when even the page header is not there.
 */
export function decodeModePage<M = ModePage>(
  bytes: Uint8Array,
  decoders: DecoderRegistry<unknown, M, unknown> = standardDecoders as unknown as DecoderRegistry<unknown, M, unknown>,
  deviceType?: number,
): M | GenericModePage {
  checkInput(bytes, 'mode page', 2);
  const spf = (bytes[0]! & 0x40) !== 0;
  const subpage = spf ? bytes[1]! : 0;
  // a sub_page format page claiming subpage 0 has no decoder: those read the page_0 layout
  const decoder = spf && subpage === 0 ? undefined : decoders.modeDecoder(bytes[0]! & 0x3f, subpage, deviceType);
  return decoder === undefined ? decodeGenericModePage(bytes) : decoder.decode(bytes);
}
