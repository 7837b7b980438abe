/** ATA Information (0x89, SAT-5): the SAT layer's identity and the ATA IDENTIFY data. */
import { ascii, bytes, u8 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { paddedCopy, toHex } from '../bytes.js';
import { readVpdFrame, type VpdPageHeader } from './header.js';

/** Layout of the fixed part of the ATA Information page (offsets from the page start). */
export const ATA_INFORMATION_LAYOUT = defineLayout({
  name: 'ATA Information page',
  length: 60,
  fields: {
    satVendorId: ascii(8, 8, { description: 'SAT vendor identification' }),
    satProductId: ascii(16, 16, { description: 'SAT product identification' }),
    satProductRevision: ascii(32, 4, { description: 'SAT product revision level' }),
    deviceSignature: bytes(36, 20, { description: 'ATA device signature' }),
    commandCode: u8(56, { description: '0xEC IDENTIFY DEVICE, 0xA1 IDENTIFY PACKET DEVICE' }),
  },
});

/** Strings of an ATA IDENTIFY (PACKET) DEVICE response. */
export interface AtaIdentifySummary {
  /** Model number (words 27..46). */
  readonly model: string;
  /** Serial number (words 10..19). */
  readonly serialNumber: string;
  /** Firmware revision (words 23..26). */
  readonly firmwareRevision: string;
}

/** Decoded ATA Information page. */
export interface AtaInformationVpdPage extends VpdPageHeader {
  /** SAT vendor identification. */
  readonly satVendorId: string;
  /** SAT product identification. */
  readonly satProductId: string;
  /** SAT product revision level. */
  readonly satProductRevision: string;
  /** ATA device signature (20 bytes) as hex. */
  readonly deviceSignatureHex: string;
  /** Transport of the signature: byte 36 is 0x34 for SATA, 0x00 for PATA. */
  readonly deviceSignatureTransport: 'sata' | 'pata' | 'unknown';
  /** The ATA command whose response follows (0xEC or 0xA1). */
  readonly commandCode: number;
  /** Model, serial number and firmware from the IDENTIFY data, or null if it was not returned. */
  readonly identify: AtaIdentifySummary | null;
  /** The IDENTIFY data (up to 512 bytes) as hex. */
  readonly identifyDataHex: string;
}

/** An ATA string: `words` 16-bit words from word `first`, each with its bytes swapped. */
function ataString(data: Uint8Array, first: number, words: number): string {
  let s = '';
  for (let w = first; w < first + words; w++) {
    for (const i of [2 * w + 1, 2 * w]) {
      const c = data[i] ?? 0x20;
      s += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : ' ';
    }
  }
  return s.trim();
}

/**
 * Decodes the ATA Information page (0x89).
 * @throws {@link DecodeError} on fewer than 4 bytes or another page code.
 */
export function decodeAtaInformation(bytesIn: Uint8Array): AtaInformationVpdPage {
  const { header, page } = readVpdFrame(bytesIn, ATA_INFORMATION_LAYOUT.name, 0x89);
  const f = ATA_INFORMATION_LAYOUT.decode(paddedCopy(page, 0, 60));
  const identifyData = page.subarray(60, 60 + 512);
  const sig = f.deviceSignature[0];
  return {
    ...header,
    satVendorId: f.satVendorId,
    satProductId: f.satProductId,
    satProductRevision: f.satProductRevision,
    deviceSignatureHex: toHex(f.deviceSignature),
    deviceSignatureTransport: sig === 0x34 ? 'sata' : sig === 0x00 ? 'pata' : 'unknown',
    commandCode: f.commandCode,
    identify:
      identifyData.length >= 94
        ? { serialNumber: ataString(identifyData, 10, 10), firmwareRevision: ataString(identifyData, 23, 4), model: ataString(identifyData, 27, 20) }
        : null,
    identifyDataHex: toHex(identifyData),
  };
}
