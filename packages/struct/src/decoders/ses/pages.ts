/**
 * Diagnostic pages come back one per RECEIVE DIAGNOSTIC RESULTS, but a
 * capture (sg_ses -HHHH, `sgio ses --hex`) holds several one after the
 * other: {@link splitDiagnosticPages} cuts them apart by their PAGE LENGTH.
 */
import { DecodeError } from '../../errors/decode-error.js';
import { checkInput, readUint } from '../bytes.js';

/** One diagnostic page of a concatenation. */
export interface DiagnosticPageBytes {
  /** PAGE CODE. */
  readonly pageCode: number;
  /** The page, header included. */
  readonly bytes: Uint8Array;
}

/**
 * Splits concatenated diagnostic pages (each a 4-byte header whose bytes 2..3
 * are the PAGE LENGTH, then the page).
 * @throws {@link DecodeError} when a page runs past the end of the bytes.
 */
export function splitDiagnosticPages(bytes: Uint8Array): DiagnosticPageBytes[] {
  checkInput(bytes, 'diagnostic pages', 0);
  const out: DiagnosticPageBytes[] = [];
  for (let at = 0; at < bytes.length; ) {
    if (at + 4 > bytes.length) throw new DecodeError('diagnostic pages', at, `${bytes.length - at} bytes left, fewer than a page header`);
    const length = 4 + readUint(bytes, at + 2, 2);
    if (at + length > bytes.length) throw new DecodeError('diagnostic pages', at, `page 0x${bytes[at]!.toString(16)} declares ${length} bytes, only ${bytes.length - at} left`);
    out.push({ pageCode: bytes[at]!, bytes: bytes.subarray(at, at + length) });
    at += length;
  }
  return out;
}

/** Decoded Supported Diagnostic Pages page (00h). */
export interface SupportedDiagnosticPages {
  /** Always 0x00. */
  readonly pageCode: number;
  /** The page codes the device supports. */
  readonly pages: readonly number[];
}

/**
 * Decodes the Supported Diagnostic Pages page (00h, SPC-6).
 * @throws {@link DecodeError} when the bytes are not page 00h or shorter than its header.
 */
export function decodeSupportedDiagnosticPages(bytes: Uint8Array): SupportedDiagnosticPages {
  checkInput(bytes, 'Supported Diagnostic Pages page', 4);
  if (bytes[0] !== 0x00) throw new DecodeError('Supported Diagnostic Pages page', 0, `page code is 0x${bytes[0]!.toString(16)}, not 0x00`);
  const end = Math.min(bytes.length, 4 + readUint(bytes, 2, 2));
  return { pageCode: 0x00, pages: Array.from(bytes.subarray(4, end)) };
}
