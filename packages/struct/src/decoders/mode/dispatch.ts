/** Picking the mode page decoder by page and subpage code. */
import { checkInput } from '../bytes.js';
import { decodeCachingModePage, type CachingModePage } from './caching.js';
import { decodeControlModePage, type ControlModePage } from './control.js';
import { decodeGenericModePage, type GenericModePage } from './generic.js';
import { decodeInformationalExceptionsModePage, type InformationalExceptionsModePage } from './informational-exceptions.js';
import { decodeReadWriteErrorRecoveryModePage, type ReadWriteErrorRecoveryModePage } from './read-write-error-recovery.js';

/** Any decoded mode page. */
export type ModePage = ReadWriteErrorRecoveryModePage | CachingModePage | ControlModePage | InformationalExceptionsModePage | GenericModePage;

const DECODERS: ReadonlyMap<number, (bytes: Uint8Array) => ModePage> = new Map<number, (bytes: Uint8Array) => ModePage>([
  [0x01, decodeReadWriteErrorRecoveryModePage],
  [0x08, decodeCachingModePage],
  [0x0a, decodeControlModePage],
  [0x1c, decodeInformationalExceptionsModePage],
]);

/**
 * Decodes the mode page at the start of `bytes` with the decoder for its
 * page code; sub_page format pages and pages without a dedicated decoder give
 * a {@link GenericModePage} with the raw bytes. The dedicated decoders are
 * those of block devices (SBC/SPC).
 *
 * @throws {@link DecodeError} when even the page header is not there.
 */
export function decodeModePage(bytes: Uint8Array): ModePage {
  checkInput(bytes, 'mode page', 2);
  const spf = (bytes[0]! & 0x40) !== 0;
  const decoder = spf ? undefined : DECODERS.get(bytes[0]! & 0x3f);
  return (decoder ?? decodeGenericModePage)(bytes);
}
