/**
 * Field specifications of the layout DSL, written the way T10 tables draw
 * them: a byte offset, the bit number of the field's most significant bit
 * (7 = the byte's most significant bit) and a width in bits. Fields may run
 * across byte boundaries, big-endian (SCSI's byte order).
 */

/** Metadata every field can carry; the CLI and server build help from it. */
export interface FieldMeta<V> {
  /** One line for help texts. */
  readonly description?: string;
  /** Value used when the caller omits the field (default 0 / false / empty). */
  readonly default?: V;
}

interface FieldBase {
  /** Byte offset of the field's first (most significant) byte. */
  readonly byte: number;
  /** Bit number of the field's most significant bit in that byte (7..0). */
  readonly bit: number;
  /** Width in bits. */
  readonly width: number;
  /** One line for help texts. */
  readonly description?: string;
}

/** An unsigned integer of up to 53 bits, as a `number`. */
export interface UintField extends FieldBase {
  /** Discriminator: `'uint'`. */
  readonly kind: 'uint';
  /** Value used when the caller omits the field. */
  readonly default?: number;
}

/** A two's-complement signed integer of up to 53 bits, as a `number` (SPACE's COUNT). */
export interface IntField extends FieldBase {
  /** Discriminator: `'int'`. */
  readonly kind: 'int';
  /** Value used when the caller omits the field. */
  readonly default?: number;
}

/** An unsigned integer of up to 64 bits, as a `bigint` (numbers accepted on input). */
export interface BigUintField extends FieldBase {
  /** Discriminator: `'biguint'`. */
  readonly kind: 'biguint';
  /** Value used when the caller omits the field. */
  readonly default?: bigint;
}

/** A single bit, as a `boolean`. */
export interface FlagField extends FieldBase {
  /** Discriminator: `'flag'`. */
  readonly kind: 'flag';
  readonly width: 1;
  /** Value used when the caller omits the field. */
  readonly default?: boolean;
}

/** A fixed number of whole bytes, as a `Uint8Array`. */
export interface BytesField extends FieldBase {
  /** Discriminator: `'bytes'`. */
  readonly kind: 'bytes';
  readonly bit: 7;
  /** Value used when the caller omits the field. */
  readonly default?: Uint8Array;
}

/** Printable ASCII in a fixed number of bytes, space padded (T10 style). */
export interface AsciiField extends FieldBase {
  /** Discriminator: `'ascii'`. */
  readonly kind: 'ascii';
  readonly bit: 7;
  /** Value used when the caller omits the field. */
  readonly default?: string;
}

/** Reserved bits: written as zero, never part of the fields object. */
export interface ReservedField extends FieldBase {
  /** Discriminator: `'reserved'`. */
  readonly kind: 'reserved';
}

/** Any field specification. */
export type FieldSpec = UintField | IntField | BigUintField | FlagField | BytesField | AsciiField | ReservedField;

/** The fields of a layout, by name. */
export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

/** The value type a field decodes to. */
export type FieldValue<F extends FieldSpec> = F extends UintField | IntField
  ? number
  : F extends BigUintField
    ? bigint
    : F extends FlagField
      ? boolean
      : F extends BytesField
        ? Uint8Array
        : F extends AsciiField
          ? string
          : never;

/** The value types a field accepts on encode (64-bit fields also take safe-integer numbers). */
export type FieldInput<F extends FieldSpec> = F extends BigUintField ? bigint | number : FieldValue<F>;

/** Names of the fields that carry values (not reserved). */
export type ValueFieldNames<F extends FieldSpecs> = {
  [K in keyof F]: F[K] extends ReservedField ? never : K;
}[keyof F] &
  string;

/** The fields object accepted by `encode`: every value field, each optional. */
export type FieldsInput<F extends FieldSpecs> = { -readonly [K in ValueFieldNames<F>]?: FieldInput<F[K]> };

/** The fields object returned by `decode`: every value field. */
export type FieldsOutput<F extends FieldSpecs> = { -readonly [K in ValueFieldNames<F>]: FieldValue<F[K]> };

function checkPosition(byte: number, bit: number, width: number): void {
  if (!Number.isInteger(byte) || byte < 0) throw new RangeError(`field byte offset must be a non-negative integer, got ${byte}`);
  if (!Number.isInteger(bit) || bit < 0 || bit > 7) throw new RangeError(`field bit must be 0..7 (7 = most significant), got ${bit}`);
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`field width must be a positive number of bits, got ${width}`);
}

/**
 * An unsigned bit field: `bits(1, 4, 5)` is byte 1, bits 4..0 (five bits).
 * It may run into the following bytes: `bits(1, 4, 21)` is READ(6)'s LBA.
 * Up to 53 bits.
 */
export function bits(byte: number, bit: number, width: number, meta: FieldMeta<number> = {}): UintField {
  checkPosition(byte, bit, width);
  if (width > 53) throw new RangeError(`bits(): ${width} bits do not fit a number; use u64() for 64-bit fields`);
  return { kind: 'uint', byte, bit, width, ...meta };
}

/**
 * A two's-complement signed bit field (up to 53 bits), for fields T10 draws
 * as signed, like SPACE(6)'s 24-bit COUNT: `sbits(2, 7, 24)`.
 */
export function sbits(byte: number, bit: number, width: number, meta: FieldMeta<number> = {}): IntField {
  checkPosition(byte, bit, width);
  if (width < 2 || width > 53) throw new RangeError(`sbits(): a signed field needs 2..53 bits, got ${width}`);
  return { kind: 'int', byte, bit, width, ...meta };
}

/** A single-bit flag at byte `byte`, bit `bit`. */
export function flag(byte: number, bit: number, meta: FieldMeta<boolean> = {}): FlagField {
  checkPosition(byte, bit, 1);
  return { kind: 'flag', byte, bit, width: 1, ...meta };
}

/** An 8-bit unsigned integer occupying byte `byte`. */
export function u8(byte: number, meta: FieldMeta<number> = {}): UintField {
  return bits(byte, 7, 8, meta);
}

/** A 16-bit big-endian unsigned integer starting at byte `byte`. */
export function u16(byte: number, meta: FieldMeta<number> = {}): UintField {
  return bits(byte, 7, 16, meta);
}

/** A 24-bit big-endian unsigned integer starting at byte `byte`. */
export function u24(byte: number, meta: FieldMeta<number> = {}): UintField {
  return bits(byte, 7, 24, meta);
}

/** A 32-bit big-endian unsigned integer starting at byte `byte`. */
export function u32(byte: number, meta: FieldMeta<number> = {}): UintField {
  return bits(byte, 7, 32, meta);
}

/** A 48-bit big-endian unsigned integer starting at byte `byte` (a `number`). */
export function u48(byte: number, meta: FieldMeta<number> = {}): UintField {
  return bits(byte, 7, 48, meta);
}

/** A 64-bit big-endian unsigned integer starting at byte `byte`, as a `bigint`. */
export function u64(byte: number, meta: FieldMeta<bigint> = {}): BigUintField {
  return biguint(byte, 7, 64, meta);
}

/** An unsigned field of up to 64 bits decoded as a `bigint`, at any bit position. */
export function biguint(byte: number, bit: number, width: number, meta: FieldMeta<bigint> = {}): BigUintField {
  checkPosition(byte, bit, width);
  if (width > 64) throw new RangeError(`biguint(): at most 64 bits, got ${width}`);
  return { kind: 'biguint', byte, bit, width, ...meta };
}

/** `length` raw bytes starting at `byte`. */
export function bytes(byte: number, length: number, meta: FieldMeta<Uint8Array> = {}): BytesField {
  checkPosition(byte, 7, length * 8);
  return { kind: 'bytes', byte, bit: 7, width: length * 8, ...meta };
}

/** `length` bytes of space-padded printable ASCII starting at `byte`. */
export function ascii(byte: number, length: number, meta: FieldMeta<string> = {}): AsciiField {
  checkPosition(byte, 7, length * 8);
  return { kind: 'ascii', byte, bit: 7, width: length * 8, ...meta };
}

/** Reserved bits (`width` bits from byte `byte`, bit `bit`): always written as zero. */
export function reserved(byte: number, bit = 7, width = 8): ReservedField {
  checkPosition(byte, bit, width);
  return { kind: 'reserved', byte, bit, width };
}

/** The CONTROL byte that ends most CDBs. */
export function control(byte: number): UintField {
  return u8(byte, { description: 'CONTROL byte (NACA and vendor bits); normally 0' });
}
