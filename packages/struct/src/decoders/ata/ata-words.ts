/**
 * Reading ATA data structures: 16-bit little-endian words, ATA strings (two
 * characters a word, the first in the high byte: "byte-swapped" against the
 * byte order), and the checksum byte that makes a 512-byte structure sum to
 * zero.
 */

/** Word `n` (little-endian) of an ATA data structure; missing bytes read as 0. */
export function ataWord(bytes: Uint8Array, n: number): number {
  return (bytes[2 * n] ?? 0) | ((bytes[2 * n + 1] ?? 0) << 8);
}

/** Words `first`..`first + count - 1` as one little-endian number (at most 3 words: 48 bits stay exact). */
export function ataWords(bytes: Uint8Array, first: number, count: number): number {
  let v = 0;
  for (let i = count - 1; i >= 0; i--) v = v * 65536 + ataWord(bytes, first + i);
  return v;
}

/** An ATA string of `count` words from word `first`: each word's high byte first, trailing spaces and NULs removed. */
export function ataString(bytes: Uint8Array, first: number, count: number): string {
  let s = '';
  for (let w = first; w < first + count; w++) {
    for (const c of [bytes[2 * w + 1] ?? 0, bytes[2 * w] ?? 0]) s += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : c === 0 ? '\0' : ' ';
  }
  return s.replace(/[\s\0]+$/, '').replace(/^\s+/, '');
}

/** Whether the 512 bytes sum to 0 modulo 256 (the checksum byte 511 makes them so). */
export function ataChecksumOk(bytes: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum = (sum + (bytes[i] ?? 0)) & 0xff;
  return sum === 0;
}
