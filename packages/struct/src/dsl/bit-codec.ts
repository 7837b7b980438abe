/**
 * Reading and writing big-endian bit fields in byte arrays. Positions follow
 * T10 tables: `byte` of the most significant bit, `bit` its number (7 = MSB),
 * `width` in bits; a field may continue into the following bytes.
 */

const POW2 = Array.from({ length: 54 }, (_, i) => 2 ** i);

/** Writes unsigned `value` (< 2^width, width <= 53) into the field. No allocation. */
export function writeBits(target: Uint8Array, base: number, byte: number, bit: number, width: number, value: number): void {
  if (bit === 7 && (width & 7) === 0) {
    // whole bytes, least significant last
    let i = base + byte + (width >> 3) - 1;
    const first = base + byte;
    let v = value;
    while (i >= first) {
      if (v < 4294967296) {
        target[i] = v & 0xff;
        v = v >>> 8;
      } else {
        const low = v % 256;
        target[i] = low;
        v = (v - low) / 256;
      }
      i--;
    }
    return;
  }
  const endBit = byte * 8 + (7 - bit) + width - 1;
  let index = base + (endBit >> 3);
  let shift = 7 - (endBit & 7);
  let left = width;
  let v = value;
  while (left > 0) {
    const take = Math.min(8 - shift, left);
    const mask = ((1 << take) - 1) << shift;
    const chunk = v % POW2[take]!;
    target[index] = (target[index]! & ~mask) | (chunk << shift);
    v = (v - chunk) / POW2[take]!;
    left -= take;
    index--;
    shift = 0;
  }
}

/** Reads an unsigned field of width <= 53 as a number. */
export function readBits(source: Uint8Array, base: number, byte: number, bit: number, width: number): number {
  if (bit === 7 && (width & 7) === 0) {
    let v = 0;
    const end = base + byte + (width >> 3);
    for (let i = base + byte; i < end; i++) v = v * 256 + source[i]!;
    return v;
  }
  const startBit = byte * 8 + (7 - bit);
  const endBit = startBit + width - 1;
  let v = 0;
  for (let b = startBit >> 3; b <= endBit >> 3; b++) {
    const hiBit = b === startBit >> 3 ? 7 - (startBit & 7) : 7;
    const loBit = b === endBit >> 3 ? 7 - (endBit & 7) : 0;
    const n = hiBit - loBit + 1;
    const chunk = (source[base + b]! >> loBit) & ((1 << n) - 1);
    v = v * POW2[n]! + chunk;
  }
  return v;
}

/** Writes a bigint field (width <= 64). Splits into 32-bit halves; numbers avoid BigInt work. */
export function writeBigBits(target: Uint8Array, base: number, byte: number, bit: number, width: number, value: bigint | number): void {
  if (typeof value === 'number') {
    if (width <= 53) {
      writeBits(target, base, byte, bit, width, value);
      return;
    }
    const lo = value % 4294967296;
    const hi = (value - lo) / 4294967296;
    writeBits(target, base, byte, bit, width - 32, hi);
    writeBits(target, base, byte + ((7 - bit + width - 32) >> 3), 7 - ((7 - bit + width - 32) & 7), 32, lo);
    return;
  }
  if (width <= 32) {
    writeBits(target, base, byte, bit, width, Number(value));
    return;
  }
  const lo = Number(value & 0xffffffffn);
  const hi = Number(value >> 32n);
  writeBits(target, base, byte, bit, width - 32, hi);
  writeBits(target, base, byte + ((7 - bit + width - 32) >> 3), 7 - ((7 - bit + width - 32) & 7), 32, lo);
}

/** Reads a field of width <= 64 as a bigint. */
export function readBigBits(source: Uint8Array, base: number, byte: number, bit: number, width: number): bigint {
  if (width <= 53) return BigInt(readBits(source, base, byte, bit, width));
  const hiWidth = width - 32;
  const loStart = 7 - bit + hiWidth;
  const hi = readBits(source, base, byte, bit, hiWidth);
  const lo = readBits(source, base, byte + (loStart >> 3), 7 - (loStart & 7), 32);
  return (BigInt(hi) << 32n) | BigInt(lo);
}
