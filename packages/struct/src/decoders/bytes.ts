/**
 * Small byte-reading helpers shared by the response decoders: input checks
 * that turn bad input into a {@link DecodeError}, big-endian reads, text and
 * hex conversion. Nothing here allocates more than its result.
 */
import { DecodeError } from '../errors/decode-error.js';

/**
 * Throws a {@link DecodeError} for `page` unless `value` is a `Uint8Array`
 * holding at least `minimum` bytes.
 */
export function checkInput(value: unknown, page: string, minimum: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new DecodeError(page, 0, `expected a Uint8Array, got ${value === null ? 'null' : typeof value}`);
  }
  if (value.length < minimum) {
    throw new DecodeError(page, value.length, `needs at least ${minimum} bytes, only ${value.length} given`);
  }
}

/** Reads an unsigned big-endian integer of `size` bytes (at most 6) at `offset`; missing bytes read as 0. */
export function readUint(bytes: Uint8Array, offset: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + (bytes[offset + i] ?? 0);
  return v;
}

/** Reads an unsigned big-endian 64-bit integer at `offset` as a bigint; missing bytes read as 0. */
export function readUint64(bytes: Uint8Array, offset: number): bigint {
  return (BigInt(readUint(bytes, offset, 4)) << 32n) | BigInt(readUint(bytes, offset + 4, 4));
}

/** Reads an unsigned big-endian integer of any byte length as a bigint. */
export function readBigUint(bytes: Uint8Array, offset: number, size: number): bigint {
  let v = 0n;
  for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(bytes[offset + i] ?? 0);
  return v;
}

/**
 * Printable ASCII from `bytes[start..end)`, with other bytes shown as spaces,
 * trailing spaces and NULs removed (T10 text fields are space padded).
 */
export function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  const stop = Math.min(end, bytes.length);
  for (let i = start; i < stop; i++) {
    const c = bytes[i]!;
    s += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : c === 0 ? '\0' : ' ';
  }
  const nul = s.indexOf('\0');
  return (nul >= 0 ? s.slice(0, nul) : s).trimEnd();
}

/**
 * UTF-8 text from `bytes[start..end)`, cut at the first NUL and with trailing
 * spaces removed; invalid UTF-8 falls back to {@link asciiText}. Uses no
 * platform API beyond ECMAScript itself.
 */
export function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  let encoded = '';
  const stop = Math.min(end, bytes.length);
  for (let i = start; i < stop; i++) {
    const c = bytes[i]!;
    if (c === 0) break;
    encoded += `%${c < 16 ? '0' : ''}${c.toString(16)}`;
  }
  try {
    return decodeURIComponent(encoded).trimEnd();
  } catch {
    return asciiText(bytes, start, end);
  }
}

/** Lowercase hex of `bytes[start..end)`, without separators. */
export function toHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  const stop = Math.min(end, bytes.length);
  for (let i = start; i < stop; i++) s += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return s;
}

/**
 * `length` bytes from `offset`, copied; when the input is shorter the copy is
 * zero-filled at the end (used to decode a fixed layout of a short page).
 */
export function paddedCopy(bytes: Uint8Array, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(bytes.subarray(offset, Math.min(bytes.length, offset + length)));
  return out;
}

/** A two-digit lowercase `0x..` rendering of a byte, for names of unknown codes. */
export function hexByte(value: number): string {
  return `0x${value.toString(16).padStart(2, '0')}`;
}
