/**
 * One value field compiled from its spec: a validating writer (the error
 * names the layout and the field, and says the accepted range) and a
 * reader. Layouts build their encode loop from these writers; field setters
 * call one directly.
 */
import { FieldRangeError, FieldTypeError } from '../errors/field-errors.js';
import { readBigBits, readBits, writeBigBits, writeBits } from './bit-codec.js';
import type { FieldSpec } from './fields.js';

/** Writes a validated value at `base`. */
export type Writer = (target: Uint8Array, base: number, value: unknown) => void;
/** Reads the value at `base`. */
export type Reader = (source: Uint8Array, base: number) => unknown;

/** A compiled value field. */
export interface CompiledField {
  readonly name: string;
  readonly write: Writer;
  readonly read: Reader;
  readonly fallback: unknown;
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}...` : v)}`;
  if (v instanceof Uint8Array) return `${v.length}-byte array`;
  return `${typeof v} ${String(v)}`;
}

/** The validating writer and the reader of one value field (the setters of field-setter.ts use the writer too). */
export function compileField(layout: string, name: string, spec: Exclude<FieldSpec, { kind: 'reserved' }>): CompiledField {
  const { byte, bit, width } = spec;
  switch (spec.kind) {
    case 'uint': {
      const max = 2 ** width - 1;
      return {
        name,
        fallback: spec.default ?? 0,
        write(target, base, value) {
          if (typeof value !== 'number') {
            throw new FieldTypeError(layout, name, `expects a number 0..${max}, got ${describeValue(value)}`);
          }
          if (!Number.isInteger(value) || value < 0 || value > max) {
            throw new FieldRangeError(layout, name, `must be an integer 0..${max} (${width} bits), got ${value}`);
          }
          writeBits(target, base, byte, bit, width, value);
        },
        read: (source, base) => readBits(source, base, byte, bit, width),
      };
    }
    case 'int': {
      const half = 2 ** (width - 1);
      const span = 2 ** width;
      return {
        name,
        fallback: spec.default ?? 0,
        write(target, base, value) {
          if (typeof value !== 'number') {
            throw new FieldTypeError(layout, name, `expects a number ${-half}..${half - 1}, got ${describeValue(value)}`);
          }
          if (!Number.isInteger(value) || value < -half || value >= half) {
            throw new FieldRangeError(layout, name, `must be an integer ${-half}..${half - 1} (${width}-bit signed), got ${value}`);
          }
          writeBits(target, base, byte, bit, width, value < 0 ? value + span : value);
        },
        read(source, base) {
          const raw = readBits(source, base, byte, bit, width);
          return raw >= half ? raw - span : raw;
        },
      };
    }
    case 'biguint': {
      const max = (1n << BigInt(width)) - 1n;
      const maxNumber = Number(max);
      return {
        name,
        fallback: spec.default ?? 0,
        write(target, base, value) {
          if (typeof value === 'number') {
            if (!Number.isSafeInteger(value) || value < 0 || value > maxNumber) {
              throw new FieldRangeError(layout, name, `must be an integer 0..${max} (${width} bits; pass a bigint above 2^53), got ${value}`);
            }
          } else if (typeof value === 'bigint') {
            if (value < 0n || value > max) throw new FieldRangeError(layout, name, `must be 0..${max} (${width} bits), got ${value}n`);
          } else {
            throw new FieldTypeError(layout, name, `expects a bigint (or a safe integer number), got ${describeValue(value)}`);
          }
          writeBigBits(target, base, byte, bit, width, value);
        },
        read: (source, base) => readBigBits(source, base, byte, bit, width),
      };
    }
    case 'flag':
      return {
        name,
        fallback: spec.default ?? false,
        write(target, base, value) {
          if (typeof value !== 'boolean') {
            throw new FieldTypeError(layout, name, `expects a boolean, got ${describeValue(value)}`);
          }
          if (value) target[base + byte] = target[base + byte]! | (1 << bit);
        },
        read: (source, base) => (source[base + byte]! & (1 << bit)) !== 0,
      };
    case 'bytes': {
      const length = width >> 3;
      return {
        name,
        fallback: spec.default ?? new Uint8Array(length),
        write(target, base, value) {
          if (!(value instanceof Uint8Array)) throw new FieldTypeError(layout, name, `expects a Uint8Array of ${length} bytes, got ${describeValue(value)}`);
          if (value.length > length) throw new FieldRangeError(layout, name, `holds ${length} bytes, got ${value.length}`);
          target.set(value, base + byte);
        },
        read: (source, base) => source.slice(base + byte, base + byte + length),
      };
    }
    case 'ascii': {
      const length = width >> 3;
      return {
        name,
        fallback: spec.default ?? '',
        write(target, base, value) {
          if (typeof value !== 'string') throw new FieldTypeError(layout, name, `expects a string, got ${describeValue(value)}`);
          if (value.length > length) throw new FieldRangeError(layout, name, `holds ${length} characters, got ${value.length}`);
          for (let i = 0; i < length; i++) {
            const c = i < value.length ? value.charCodeAt(i) : 0x20;
            if (c < 0x20 || c > 0x7e) throw new FieldRangeError(layout, name, `must be printable ASCII, got character code ${c} at ${i}`);
            target[base + byte + i] = c;
          }
        },
        read(source, base) {
          let s = '';
          for (let i = 0; i < length; i++) {
            const c = source[base + byte + i]!;
            s += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : ' ';
          }
          return s.trimEnd();
        },
      };
    }
  }
}
