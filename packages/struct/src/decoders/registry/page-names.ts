/**
 * The name to show for a page a registry decodes: a standard page keeps its
 * T10 name; a page only a loaded pack knows gets the pack's name (e.g. the
 * ACME pack's "ACME health" for log page 0x30); anything else the T10
 * table's name or its "vendor specific" wording. The CLI's page listings
 * and the server's page routes both name pages this way.
 */
import { logPageName } from '../log/names.js';
import { modePageName } from '../mode/names.js';
import { vpdPageName } from '../vpd/names.js';
import { standardDecoders } from './standard-decoders.js';

/** What a page name lookup needs of a registry. */
export interface PageNameSource {
  /** See `DecoderRegistry.vpdDecoder`. */
  vpdDecoder(pageCode: number, deviceType?: number): { readonly name: string } | undefined;
  /** See `DecoderRegistry.modeDecoder`. */
  modeDecoder(pageCode: number, subpageCode?: number, deviceType?: number): { readonly name: string } | undefined;
  /** See `DecoderRegistry.logDecoder`. */
  logDecoder(pageCode: number, subpageCode?: number, deviceType?: number): { readonly name: string } | undefined;
}

/** The name of VPD page `pageCode` as `decoders` knows it (see the module comment). */
export function vpdPageNameIn(decoders: PageNameSource, pageCode: number, deviceType?: number): string {
  const pack = standardDecoders.vpdDecoder(pageCode, deviceType) ? undefined : decoders.vpdDecoder(pageCode, deviceType);
  return pack?.name ?? vpdPageName(pageCode);
}

/** The name of mode page `pageCode`/`subpageCode` as `decoders` knows it. */
export function modePageNameIn(decoders: PageNameSource, pageCode: number, subpageCode = 0, deviceType?: number): string {
  const pack = standardDecoders.modeDecoder(pageCode, subpageCode, deviceType) ? undefined : decoders.modeDecoder(pageCode, subpageCode, deviceType);
  return pack?.name ?? modePageName(pageCode, subpageCode);
}

/** The name of log page `pageCode`/`subpageCode` as `decoders` knows it. */
export function logPageNameIn(decoders: PageNameSource, pageCode: number, subpageCode = 0, deviceType?: number): string {
  const pack = standardDecoders.logDecoder(pageCode, subpageCode, deviceType) ? undefined : decoders.logDecoder(pageCode, subpageCode, deviceType);
  return pack?.name ?? logPageName(pageCode, subpageCode);
}
